using Feedback.Training.Images;
using static TorchSharp.torch;

namespace Feedback.Training.Onnx;

/// <summary>
/// Writes the three parts of an image model that sampling runs as ONNX graphs (opset 17, standard operators):
/// the caption encoder (input_ids → text_embeddings), the denoiser (latents, timesteps, text_embeddings → noise_pred)
/// and the VAE decoder (scaled latents → images in about -1..1).
/// </summary>
public static class ImageOnnxExporter
{
    public const string InputIds = "input_ids";
    public const string TextEmbeddings = "text_embeddings";
    public const string Latents = "latents";
    public const string Timesteps = "timesteps";
    public const string NoisePrediction = "noise_pred";
    public const string Images = "images";

    private const string Batch = "batch";

    /// <param name="weights">Every parameter by its TorchSharp name (vae.*, text_encoder.*, unet.*), on any device.</param>
    public static void Export(ImageModelConfig config, IReadOnlyDictionary<string, Tensor> weights, string folder)
    {
        ArgumentNullException.ThrowIfNull(config);
        var arrays = LlamaOnnxWeights.FromTensors(weights);
        Write(BuildTextEncoder(config, arrays), Path.Combine(folder, ImageCheckpoint.TextEncoderOnnx));
        Write(BuildUNet(config, arrays), Path.Combine(folder, ImageCheckpoint.UNetOnnx));
        Write(BuildVaeDecoder(config, arrays), Path.Combine(folder, ImageCheckpoint.VaeDecoderOnnx));
    }

    public static OnnxModel BuildTextEncoder(ImageModelConfig config, IReadOnlyDictionary<string, (float[] Data, long[] Shape)> weights)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (graph, layers) = Start("caption_encoder", config, weights);
        var b = layers.Builder;
        graph.AddInput(InputIds, OnnxDataType.Int64, [Batch, config.MaxTokens]);
        graph.AddOutput(TextEmbeddings, OnnxDataType.Float, [Batch, config.MaxTokens, config.TextWidth]);
        var table = layers.Weights;

        var tokens = b.Binary("Gather", table.Get("text_encoder.token_embedding.weight"), InputIds, layers.Name("tokens"));
        var hidden = b.Add(tokens, table.Get("text_encoder.position_embedding.weight"), layers.Name("embedded"));
        for (var i = 0; i < config.TextLayers; i++)
        {
            var prefix = $"text_encoder.layers.{i}";
            var normed = layers.LayerNorm(hidden, prefix + ".norm1");
            var attended = layers.Attention(
                layers.Linear(normed, prefix + ".q_proj"), layers.Linear(normed, prefix + ".k_proj"), layers.Linear(normed, prefix + ".v_proj"), config.TextWidth);
            hidden = b.Add(hidden, layers.Linear(attended, prefix + ".out_proj"), layers.Name(prefix + "attn_residual"));
            var expanded = layers.Silu(layers.Linear(layers.LayerNorm(hidden, prefix + ".norm2"), prefix + ".fc1"));
            hidden = b.Add(hidden, layers.Linear(expanded, prefix + ".fc2"), layers.Name(prefix + "mlp_residual"));
        }

        b.Node("LayerNormalization", [hidden, table.Get("text_encoder.final_norm.weight"), table.Get("text_encoder.final_norm.bias")], TextEmbeddings)
            .With("axis", -1L)
            .With("epsilon", 1e-5f);
        return new OnnxModel(graph) { DocString = "Caption encoder of a Feedback latent diffusion model." };
    }

    public static OnnxModel BuildUNet(ImageModelConfig config, IReadOnlyDictionary<string, (float[] Data, long[] Shape)> weights)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (graph, layers) = Start("denoising_unet", config, weights);
        var b = layers.Builder;
        var s = config.LatentSize;
        graph.AddInput(Latents, OnnxDataType.Float, [Batch, config.LatentChannels, s, s]);
        graph.AddInput(Timesteps, OnnxDataType.Float, [Batch]);
        graph.AddInput(TextEmbeddings, OnnxDataType.Float, [Batch, config.MaxTokens, config.TextWidth]);
        graph.AddOutput(NoisePrediction, OnnxDataType.Float, [Batch, config.LatentChannels, s, s]);
        var c = config.UNetChannels;

        var frequencies = TimestepEmbedding.Frequencies(c);
        var angles = b.Mul(
            b.Unsqueeze(Timesteps, [1L], layers.Name("timesteps")),
            layers.Floats("time_frequencies", [1, frequencies.Length], frequencies),
            layers.Name("angles"));
        var embedding = b.Concat([b.Unary("Sin", angles, layers.Name("sin")), b.Unary("Cos", angles, layers.Name("cos"))], 1, layers.Name("time_embedding"));
        var time = layers.LinearRows(layers.Silu(layers.LinearRows(embedding, "unet.time_mlp1")), "unet.time_mlp2");

        var hidden = layers.Conv(Latents, "unet.conv_in");
        var skip0 = layers.CrossAttention(layers.ResidualBlock(hidden, "unet.down0_res", c, c, time), TextEmbeddings, "unet.down0_attn", c);
        var down = layers.Conv(skip0, "unet.down0_sample", stride: 2);
        var skip1 = layers.CrossAttention(layers.ResidualBlock(down, "unet.down1_res", c, 2 * c, time), TextEmbeddings, "unet.down1_attn", 2 * c);
        hidden = layers.CrossAttention(layers.ResidualBlock(skip1, "unet.mid_res", 2 * c, 2 * c, time), TextEmbeddings, "unet.mid_attn", 2 * c);
        hidden = layers.CrossAttention(
            layers.ResidualBlock(b.Concat([hidden, skip1], 1, layers.Name("up1_cat")), "unet.up1_res", 4 * c, 2 * c, time), TextEmbeddings, "unet.up1_attn", 2 * c);
        hidden = layers.Conv(layers.Upsample(hidden), "unet.up1_sample");
        hidden = layers.CrossAttention(
            layers.ResidualBlock(b.Concat([hidden, skip0], 1, layers.Name("up0_cat")), "unet.up0_res", 3 * c, c, time), TextEmbeddings, "unet.up0_attn", c);
        var output = layers.Conv(layers.Silu(layers.GroupNorm(hidden, "unet.norm_out", c)), "unet.conv_out");
        b.Unary("Identity", output, NoisePrediction);
        return new OnnxModel(graph) { DocString = "Denoising U-Net (epsilon prediction) of a Feedback latent diffusion model." };
    }

    public static OnnxModel BuildVaeDecoder(ImageModelConfig config, IReadOnlyDictionary<string, (float[] Data, long[] Shape)> weights)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (graph, layers) = Start("vae_decoder", config, weights);
        var b = layers.Builder;
        var s = config.LatentSize;
        graph.AddInput(Latents, OnnxDataType.Float, [Batch, config.LatentChannels, s, s]);
        graph.AddOutput(Images, OnnxDataType.Float, [Batch, 3, config.ImageSize, config.ImageSize]);
        var c = config.VaeChannels;

        var unscaled = b.Div(Latents, b.FloatScalar(config.LatentScale), layers.Name("unscaled"));
        var hidden = layers.ResidualBlock(layers.Conv(unscaled, "vae.decoder.conv_in"), "vae.decoder.res0", 2 * c, 2 * c, null);
        hidden = layers.ResidualBlock(layers.Conv(layers.Upsample(hidden), "vae.decoder.up0"), "vae.decoder.res1", 2 * c, c, null);
        hidden = layers.ResidualBlock(layers.Conv(layers.Upsample(hidden), "vae.decoder.up1"), "vae.decoder.res2", c, c, null);
        var output = layers.Conv(layers.Silu(layers.GroupNorm(hidden, "vae.decoder.norm_out", c)), "vae.decoder.conv_out");
        b.Unary("Identity", output, Images);
        return new OnnxModel(graph) { DocString = "VAE decoder of a Feedback latent diffusion model: scaled latents to images in -1..1." };
    }

    private static (OnnxGraph Graph, ImageOnnxLayers Layers) Start(string name, ImageModelConfig config, IReadOnlyDictionary<string, (float[] Data, long[] Shape)> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        config.Validate();
        var graph = new OnnxGraph(name);
        var layers = new ImageOnnxLayers(new OnnxGraphBuilder(graph), new OnnxWeightTable(weights, graph), config.GroupNormGroups, config.Heads);
        return (graph, layers);
    }

    private static void Write(OnnxModel model, string path)
    {
        var partial = path + ".partial";
        try
        {
            model.Save(partial);
            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}
