using System.Text.Json;
using System.Text.Json.Serialization;

namespace Feedback.Training.Text;

/// <summary>
/// The shape of a decoder-only transformer in the Llama layout, read from and written as Hugging Face's config.json
/// (the same property names), so that a Llama checkpoint folder from elsewhere loads as it is.
/// </summary>
public sealed record LlamaConfig
{
    [JsonPropertyName("model_type")]
    public string ModelType { get; init; } = "llama";

    [JsonPropertyName("architectures")]
    public IReadOnlyList<string> Architectures { get; init; } = ["LlamaForCausalLM"];

    [JsonPropertyName("vocab_size")]
    public int VocabSize { get; init; } = 259;

    [JsonPropertyName("hidden_size")]
    public int HiddenSize { get; init; } = 256;

    [JsonPropertyName("intermediate_size")]
    public int IntermediateSize { get; init; } = 688;

    [JsonPropertyName("num_hidden_layers")]
    public int NumHiddenLayers { get; init; } = 4;

    [JsonPropertyName("num_attention_heads")]
    public int NumAttentionHeads { get; init; } = 4;

    /// <summary>Fewer than the attention heads for grouped-query attention; null means as many.</summary>
    [JsonPropertyName("num_key_value_heads")]
    public int? NumKeyValueHeadsOrNull { get; init; }

    [JsonPropertyName("max_position_embeddings")]
    public int MaxPositionEmbeddings { get; init; } = 512;

    [JsonPropertyName("rms_norm_eps")]
    public double RmsNormEps { get; init; } = 1e-5;

    [JsonPropertyName("rope_theta")]
    public double RopeTheta { get; init; } = 10000.0;

    [JsonPropertyName("tie_word_embeddings")]
    public bool TieWordEmbeddings { get; init; }

    [JsonPropertyName("bos_token_id")]
    public int? BosTokenId { get; init; } = 256;

    [JsonPropertyName("eos_token_id")]
    public int? EosTokenId { get; init; } = 257;

    [JsonPropertyName("pad_token_id")]
    public int? PadTokenId { get; init; } = 258;

    [JsonPropertyName("hidden_act")]
    public string HiddenAct { get; init; } = "silu";

    [JsonPropertyName("torch_dtype")]
    public string TorchDtype { get; init; } = "float32";

    [JsonIgnore]
    public int NumKeyValueHeads => NumKeyValueHeadsOrNull ?? NumAttentionHeads;

    [JsonIgnore]
    public int HeadDim => HiddenSize / NumAttentionHeads;

    /// <summary>Everything else config.json held, kept so that a loaded config writes back unchanged.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>Reads config.json; a file that is not a Llama decoder is refused with the reason.</summary>
    public static LlamaConfig Parse(string json)
    {
        var config = JsonSerializer.Deserialize<LlamaConfig>(json, Options)
            ?? throw new InvalidDataException("config.json is empty.");
        config.Validate();
        return config;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public void Validate()
    {
        if (ModelType != "llama")
        {
            throw new InvalidDataException($"config.json describes a '{ModelType}' model; only 'llama' decoders are supported.");
        }

        if (HiddenSize <= 0 || NumAttentionHeads <= 0 || HiddenSize % NumAttentionHeads != 0)
        {
            throw new InvalidDataException($"hidden_size ({HiddenSize}) must be a positive multiple of num_attention_heads ({NumAttentionHeads}).");
        }

        if (NumKeyValueHeads <= 0 || NumAttentionHeads % NumKeyValueHeads != 0)
        {
            throw new InvalidDataException($"num_attention_heads ({NumAttentionHeads}) must be a multiple of num_key_value_heads ({NumKeyValueHeads}).");
        }

        if (HeadDim % 2 != 0)
        {
            throw new InvalidDataException($"The head size ({HeadDim}) must be even for rotary positions.");
        }

        if (VocabSize <= 0 || IntermediateSize <= 0 || NumHiddenLayers <= 0 || MaxPositionEmbeddings <= 0)
        {
            throw new InvalidDataException("vocab_size, intermediate_size, num_hidden_layers and max_position_embeddings must be positive.");
        }

        if (HiddenAct != "silu")
        {
            throw new InvalidDataException($"hidden_act '{HiddenAct}' is not supported; Llama uses 'silu'.");
        }
    }
}
