using Feedback.Sampling;
using Feedback.Training.Onnx;
using Feedback.Training.Text;
using Microsoft.ML.OnnxRuntime;

namespace Feedback.UnitTests.Training.Onnx;

/// <summary>Runs an exported decoder one call at a time, as a sampler does: rows of token ids in, logits and the grown cache out.</summary>
internal sealed class LlamaOnnxDecoderRunner(string modelPath, LlamaConfig config) : IDisposable
{
    private readonly OnnxSession _session = OnnxSessionFactory.Create(modelPath, InferenceDevice.Cpu);

    public InferenceSession Session => _session.Session;

    /// <summary>The cache before the first call: every past input with zero positions.</summary>
    public KeyValueCache EmptyCache(int batch)
    {
        var empty = (Array.Empty<float>(), new long[] { batch, config.NumKeyValueHeads, 0, config.HeadDim });
        return new KeyValueCache(Enumerable.Range(0, config.NumHiddenLayers).ToDictionary(layer => layer, _ => (empty, empty)));
    }

    /// <param name="inputIds">[batch][seq] new tokens.</param>
    /// <param name="attentionMask">[batch][past + seq].</param>
    /// <param name="positionIds">[batch][seq].</param>
    public DecoderStep Run(long[][] inputIds, long[][] attentionMask, long[][] positionIds, KeyValueCache past)
    {
        var values = new List<OrtValue>();
        try
        {
            var inputs = new Dictionary<string, OrtValue>
            {
                [LlamaOnnxSignature.InputIds] = Track(values, Int64Rows(inputIds)),
                [LlamaOnnxSignature.AttentionMask] = Track(values, Int64Rows(attentionMask)),
                [LlamaOnnxSignature.PositionIds] = Track(values, Int64Rows(positionIds)),
            };
            foreach (var (layer, (key, value)) in past.Layers)
            {
                inputs[LlamaOnnxSignature.PastKey(layer)] = Track(values, OrtValue.CreateTensorValueFromMemory(key.Data, key.Shape));
                inputs[LlamaOnnxSignature.PastValue(layer)] = Track(values, OrtValue.CreateTensorValueFromMemory(value.Data, value.Shape));
            }

            var outputNames = Session.OutputNames;
            using var runOptions = new RunOptions();
            using var outputs = Session.Run(runOptions, inputs, outputNames);
            var byName = outputNames.Zip(outputs).ToDictionary(pair => pair.First, pair => Read(pair.Second));
            var present = Enumerable.Range(0, config.NumHiddenLayers).ToDictionary(
                layer => layer,
                layer => (byName[LlamaOnnxSignature.PresentKey(layer)], byName[LlamaOnnxSignature.PresentValue(layer)]));
            return new DecoderStep(Rows(byName[LlamaOnnxSignature.Logits]), new KeyValueCache(present));
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    public void Dispose() => _session.Dispose();

    private static OrtValue Track(List<OrtValue> values, OrtValue value)
    {
        values.Add(value);
        return value;
    }

    private static OrtValue Int64Rows(long[][] rows) =>
        OrtValue.CreateTensorValueFromMemory(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);

    private static (float[] Data, long[] Shape) Read(OrtValue value) =>
        (value.GetTensorDataAsSpan<float>().ToArray(), value.GetTensorTypeAndShape().Shape);

    /// <summary>[batch, seq, vocab] as logits[b][position][token].</summary>
    private static float[][][] Rows((float[] Data, long[] Shape) logits)
    {
        var (batch, length, vocab) = ((int)logits.Shape[0], (int)logits.Shape[1], (int)logits.Shape[2]);
        return Enumerable.Range(0, batch)
            .Select(b => Enumerable.Range(0, length).Select(p => logits.Data.AsSpan(((b * length) + p) * vocab, vocab).ToArray()).ToArray())
            .ToArray();
    }
}

/// <summary>Each layer's keys and values [batch, kv_heads, positions, head_dim], as returned by one call and fed to the next.</summary>
internal sealed record KeyValueCache(IReadOnlyDictionary<int, ((float[] Data, long[] Shape) Key, (float[] Data, long[] Shape) Value)> Layers);

/// <param name="Logits">[batch][position][token].</param>
internal sealed record DecoderStep(float[][][] Logits, KeyValueCache Present);
