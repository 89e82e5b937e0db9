using System.Text.Json.Nodes;

namespace Feedback.Training.Tokenizers;

/// <summary>Finds which tokenizer a checkpoint folder holds and loads it.</summary>
public static class TextTokenizers
{
    /// <summary>
    /// The byte tokenizer where feedback-tokenizer.json (or a tokenizer.json of ours) says "byte"; the BPE tokenizer where
    /// vocab.json and merges.txt are there; otherwise an error saying what was looked for.
    /// </summary>
    public static ITextTokenizer Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The tokenizer folder {folder} does not exist.");
        }

        var description = TokenizerDescription.TryRead(Path.Combine(folder, TokenizerDescription.FileName));
        var kind = description?.Kind ?? DeclaredKind(folder);
        ITextTokenizer tokenizer = kind switch
        {
            TokenizerDescription.ByteKind => new ByteTokenizer(),
            TokenizerDescription.BpeKind => BpeTokenizer.Load(folder),
            null when HasBpeFiles(folder) => BpeTokenizer.Load(folder),
            null => throw new FileNotFoundException(
                $"{folder} holds no tokenizer: expected {TokenizerDescription.FileName}, or {BpeTokenizer.VocabularyFile} with {BpeTokenizer.MergesFile}."),
            _ => throw new InvalidDataException($"{folder} describes a '{kind}' tokenizer; known kinds are byte and bpe."),
        };

        if (description is not null && (description.BosId, description.EosId, description.PadId) != (tokenizer.BosId, tokenizer.EosId, tokenizer.PadId))
        {
            throw new InvalidDataException(
                $"{TokenizerDescription.FileName} in {folder} gives BOS/EOS/PAD {description.BosId}/{description.EosId}/{description.PadId} " +
                $"but the tokenizer files give {tokenizer.BosId}/{tokenizer.EosId}/{tokenizer.PadId}.");
        }

        return tokenizer;
    }

    private static bool HasBpeFiles(string folder) =>
        File.Exists(Path.Combine(folder, BpeTokenizer.VocabularyFile)) && File.Exists(Path.Combine(folder, BpeTokenizer.MergesFile));

    /// <summary>The "type" at the top of a tokenizer.json that the platform wrote; Hugging Face's own have none there.</summary>
    private static string? DeclaredKind(string folder) =>
        BpeSpecialTokens.ReadJson(Path.Combine(folder, BpeSpecialTokens.FastTokenizerFile))?["type"] is JsonValue type
        && type.TryGetValue<string>(out var kind) && kind == TokenizerDescription.ByteKind
            ? TokenizerDescription.ByteKind
            : null;
}
