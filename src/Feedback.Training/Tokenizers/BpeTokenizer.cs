using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;
using LibraryBpeTokenizer = Microsoft.ML.Tokenizers.BpeTokenizer;

namespace Feedback.Training.Tokenizers;

/// <summary>
/// A byte-level BPE tokenizer as GPT-2 and Llama 3 ship it (vocab.json + merges.txt, special tokens in
/// tokenizer_config.json / special_tokens_map.json), running on Microsoft.ML.Tokenizers.
/// </summary>
public sealed partial class BpeTokenizer : ITextTokenizer
{
    public const string VocabularyFile = "vocab.json";
    public const string MergesFile = "merges.txt";

    private readonly LibraryBpeTokenizer _tokenizer;
    private readonly BpeSpecialTokens _special;
    private readonly HashSet<int> _specialIds;
    private readonly IReadOnlyDictionary<string, string> _sourceFiles;

    private BpeTokenizer(LibraryBpeTokenizer tokenizer, BpeSpecialTokens special, int vocabSize, IReadOnlyDictionary<string, string> sourceFiles)
    {
        _tokenizer = tokenizer;
        _special = special;
        _specialIds = [.. special.Ids.Values];
        _sourceFiles = sourceFiles;
        VocabSize = vocabSize;
    }

    public int VocabSize { get; }

    public int BosId => _special.BosId;

    public int EosId => _special.EosId;

    public int PadId => _special.PadId;

    /// <summary>Reads vocab.json and merges.txt from <paramref name="folder"/>, with its special-token files where present.</summary>
    public static BpeTokenizer Load(string folder)
    {
        var vocabularyPath = Path.Combine(folder, VocabularyFile);
        var mergesPath = Path.Combine(folder, MergesFile);
        if (!File.Exists(vocabularyPath) || !File.Exists(mergesPath))
        {
            throw new FileNotFoundException($"A BPE tokenizer needs {VocabularyFile} and {MergesFile} in {folder}.");
        }

        var sourceFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { VocabularyFile, MergesFile, BpeSpecialTokens.ConfigFile, BpeSpecialTokens.MapFile, BpeSpecialTokens.FastTokenizerFile })
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                sourceFiles[name] = File.ReadAllText(path);
            }
        }

        var vocabulary = ReadVocabulary(vocabularyPath);
        var special = BpeSpecialTokens.Read(folder, vocabulary);
        var options = new BpeOptions(vocabulary)
        {
            Merges = ReadMerges(sourceFiles[MergesFile]),
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(SplitPattern(folder), specialTokens: null),
            UnknownToken = special.UnknownToken is { } unknown && vocabulary.ContainsKey(unknown) ? unknown : null,
        };
        var vocabSize = Math.Max(vocabulary.Values.Max(), special.Ids.Values.DefaultIfEmpty(0).Max()) + 1;
        return new BpeTokenizer(LibraryBpeTokenizer.Create(options), special, vocabSize, sourceFiles);
    }

    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _tokenizer.EncodeToIds(text);
    }

    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return _tokenizer.Decode(ids.Where(id => !_specialIds.Contains(id)));
    }

    /// <summary>Writes the files it was read from unchanged, plus a tokenizer_config.json naming its special tokens if there was none.</summary>
    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in _sourceFiles)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }

        if (!_sourceFiles.ContainsKey(BpeSpecialTokens.ConfigFile))
        {
            File.WriteAllText(Path.Combine(folder, BpeSpecialTokens.ConfigFile), _special.ToConfigJson());
        }

        TokenizerDescription.Of(this, TokenizerDescription.BpeKind).Write(folder);
    }

    private static Dictionary<string, int> ReadVocabulary(string path)
    {
        try
        {
            var vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(path));
            return vocabulary is { Count: > 0 } ? vocabulary : throw new InvalidDataException($"{path} holds no tokens.");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path} is not a JSON object of token to id: {error.Message}", error);
        }
    }

    /// <summary>merges.txt: one "left right" pair per line, after an optional "#version" line.</summary>
    private static List<string> ReadMerges(string text) =>
        text.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal))
            .ToList();

    /// <summary>The pre-tokenizer's split pattern from tokenizer.json where it names one (Llama 3 does), else GPT-2's.</summary>
    private static Regex SplitPattern(string folder)
    {
        var fast = BpeSpecialTokens.ReadJson(Path.Combine(folder, BpeSpecialTokens.FastTokenizerFile));
        return FindSplitPattern(fast?["pre_tokenizer"]) is { } pattern
            ? new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant)
            : Gpt2SplitPattern();
    }

    private static string? FindSplitPattern(JsonNode? node) => node switch
    {
        JsonObject split when split["type"]?.GetValue<string>() == "Split" => split["pattern"]?["Regex"]?.GetValue<string>(),
        JsonObject sequence when sequence["pretokenizers"] is JsonArray steps => steps.Select(FindSplitPattern).FirstOrDefault(p => p is not null),
        _ => null,
    };

    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Gpt2SplitPattern();
}
