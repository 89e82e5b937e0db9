using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Feedback.Training.Tokenizers;

/// <summary>
/// The special tokens of a Hugging Face tokenizer folder: BOS, EOS, PAD and UNK as tokenizer_config.json and
/// special_tokens_map.json name them, and every added token with its id (from the vocabulary, added_tokens_decoder or
/// tokenizer.json's added_tokens).
/// </summary>
internal sealed record BpeSpecialTokens(int BosId, int EosId, int PadId, string? UnknownToken, IReadOnlyDictionary<string, int> Ids)
{
    public const string ConfigFile = "tokenizer_config.json";
    public const string MapFile = "special_tokens_map.json";
    public const string FastTokenizerFile = "tokenizer.json";

    private static readonly string[] BosFallbacks = ["<s>", "<|begin_of_text|>", "<|endoftext|>"];
    private static readonly string[] EosFallbacks = ["</s>", "<|end_of_text|>", "<|endoftext|>"];

    public static BpeSpecialTokens Read(string folder, IReadOnlyDictionary<string, int> vocabulary)
    {
        var config = ReadJson(Path.Combine(folder, ConfigFile));
        var map = ReadJson(Path.Combine(folder, MapFile));
        var fast = ReadJson(Path.Combine(folder, FastTokenizerFile));

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (content, id) in AddedTokens(config, fast))
        {
            ids[content] = id;
        }

        int? Resolve(string? token) =>
            token is null ? null
            : ids.TryGetValue(token, out var added) ? added
            : vocabulary.TryGetValue(token, out var known) ? known
            : throw new InvalidDataException($"The special token '{token}' in {folder} is neither in vocab.json nor among the added tokens.");

        string? Named(string key) => TokenContent(map?[key]) ?? TokenContent(config?[key]);

        var bos = Resolve(Named("bos_token") ?? BosFallbacks.FirstOrDefault(vocabulary.ContainsKey))
            ?? throw new InvalidDataException($"{folder} names no BOS token (bos_token) and its vocabulary has none of {string.Join(", ", BosFallbacks)}.");
        var eos = Resolve(Named("eos_token") ?? EosFallbacks.FirstOrDefault(vocabulary.ContainsKey))
            ?? throw new InvalidDataException($"{folder} names no EOS token (eos_token) and its vocabulary has none of {string.Join(", ", EosFallbacks)}.");
        var pad = Resolve(Named("pad_token")) ?? eos;
        var unknown = Named("unk_token");
        var unknownId = Resolve(unknown);

        foreach (var id in new[] { bos, eos, pad, unknownId }.OfType<int>().Where(id => !ids.ContainsValue(id)))
        {
            ids[vocabulary.First(pair => pair.Value == id).Key] = id;
        }

        return new BpeSpecialTokens(bos, eos, pad, unknown, ids);
    }

    /// <summary>A tokenizer_config.json that names these tokens, for a folder that had none.</summary>
    public string ToConfigJson()
    {
        string TokenOf(int id) => Ids.First(pair => pair.Value == id).Key;

        var added = new JsonObject();
        foreach (var (content, id) in Ids.OrderBy(pair => pair.Value))
        {
            added[id.ToString(CultureInfo.InvariantCulture)] = new JsonObject { ["content"] = content, ["special"] = true };
        }

        var config = new JsonObject
        {
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
            ["bos_token"] = TokenOf(BosId),
            ["eos_token"] = TokenOf(EosId),
            ["pad_token"] = TokenOf(PadId),
            ["added_tokens_decoder"] = added,
        };
        if (UnknownToken is not null)
        {
            config["unk_token"] = UnknownToken;
        }

        return config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static IEnumerable<(string Content, int Id)> AddedTokens(JsonNode? config, JsonNode? fast)
    {
        if (config?["added_tokens_decoder"] is JsonObject decoder)
        {
            foreach (var (key, value) in decoder)
            {
                if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && TokenContent(value) is { } content)
                {
                    yield return (content, id);
                }
            }
        }

        if (fast?["added_tokens"] is JsonArray list)
        {
            foreach (var token in list)
            {
                if (token?["id"]?.GetValue<int>() is { } id && TokenContent(token) is { } content)
                {
                    yield return (content, id);
                }
            }
        }
    }

    /// <summary>A token is written either as its text or as an object whose "content" is the text.</summary>
    private static string? TokenContent(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonObject token => token["content"]?.GetValue<string>(),
        _ => null,
    };

    internal static JsonNode? ReadJson(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{path} is not valid JSON: {error.Message}", error);
        }
    }
}
