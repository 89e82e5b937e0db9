using System.Text.Json;
using System.Text.Json.Serialization;

namespace Feedback.Training.Tokenizers;

/// <summary>feedback-tokenizer.json: which kind of tokenizer a checkpoint folder holds and its special ids.</summary>
internal sealed record TokenizerDescription
{
    public const string FileName = "feedback-tokenizer.json";
    public const string ByteKind = "byte";
    public const string BpeKind = "bpe";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    [JsonPropertyName("type")]
    public required string Kind { get; init; }

    [JsonPropertyName("vocab_size")]
    public int VocabSize { get; init; }

    [JsonPropertyName("bos_id")]
    public int BosId { get; init; }

    [JsonPropertyName("eos_id")]
    public int EosId { get; init; }

    [JsonPropertyName("pad_id")]
    public int PadId { get; init; }

    public static TokenizerDescription? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TokenizerDescription>(File.ReadAllText(path), Options)
                ?? throw new InvalidDataException($"{path} is empty.");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path} is not a valid tokenizer description: {error.Message}", error);
        }
    }

    public static TokenizerDescription Of(ITextTokenizer tokenizer, string kind) => new()
    {
        Kind = kind,
        VocabSize = tokenizer.VocabSize,
        BosId = tokenizer.BosId,
        EosId = tokenizer.EosId,
        PadId = tokenizer.PadId,
    };

    public void Write(string folder) =>
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Options));
}
