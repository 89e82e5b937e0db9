using Feedback.Training.Onnx;
using Feedback.Training.Text;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training.Onnx;

/// <summary>The exported graph run by ONNX Runtime against the TorchSharp model it was exported from, same weights.</summary>
public sealed class LlamaOnnxTorchSharpParityTests(ITestOutputHelper output) : IDisposable
{
    private const double Tolerance = 1e-4;
    private const int Seed = 99;

    private static readonly long[] LongSequence = [1, 17, 4, 33, 49, 8, 25, 12, 30];
    private static readonly long[] ShortSequence = [1, 42, 7, 19];

    private readonly string _directory = Directory.CreateTempSubdirectory("feedback-llama-parity-").FullName;
    private readonly LogitComparison _comparison = new(output, Tolerance);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Onnx_runtime_gives_torchsharps_logits_for_a_whole_prompt(bool tiedEmbeddings)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (model, runner) = ExportedModel(tiedEmbeddings);
        using var _ = runner;

        var onnx = runner.Run([LongSequence], [Ones(LongSequence.Length)], [Positions(0, LongSequence.Length)], runner.EmptyCache(1));
        var torch = Rows(model.Forward(Ids([LongSequence])));

        for (var position = 0; position < LongSequence.Length; position++)
        {
            _comparison.ShouldMatch(onnx.Logits[0][position], torch[0][position], $"position {position}");
        }

        _comparison.Report(tiedEmbeddings ? "tied, no cache" : "no cache");
    }

    [Fact]
    public void Onnx_runtime_with_its_cache_gives_torchsharps_logits_with_and_without_its_cache()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (model, runner) = ExportedModel(tiedEmbeddings: false);
        using var _ = runner;
        using var torchCache = model.CreateCache();
        var whole = Rows(model.Forward(Ids([LongSequence])));
        const int promptLength = 4;

        var onnx = runner.Run([LongSequence[..promptLength]], [Ones(promptLength)], [Positions(0, promptLength)], runner.EmptyCache(1));
        model.Forward(Ids([LongSequence[..promptLength]]), cache: torchCache);
        for (var position = promptLength; position < LongSequence.Length; position++)
        {
            onnx = runner.Run([[LongSequence[position]]], [Ones(position + 1)], [[position]], onnx.Present);
            var torch = Rows(model.Forward(Ids([[LongSequence[position]]]), cache: torchCache));

            _comparison.ShouldMatch(onnx.Logits[0][0], torch[0][0], $"position {position} against TorchSharp with its cache");
            _comparison.ShouldMatch(onnx.Logits[0][0], whole[0][position], $"position {position} against TorchSharp without a cache");
        }

        _comparison.Report("with cache");
    }

    [Fact]
    public void Onnx_runtime_gives_torchsharps_logits_for_a_left_padded_batch_prompt_and_its_continuation()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (model, runner) = ExportedModel(tiedEmbeddings: false);
        using var _ = runner;
        using var torchCache = model.CreateCache();
        long[][] inputIds = [LongSequence, [0, 0, 0, 0, 0, .. ShortSequence]];
        long[][] mask = [Ones(LongSequence.Length), [0, 0, 0, 0, 0, .. Ones(ShortSequence.Length)]];
        long[][] positions = [Positions(0, LongSequence.Length), [1, 1, 1, 1, 1, .. Positions(0, ShortSequence.Length)]];

        var onnx = runner.Run(inputIds, mask, positions, runner.EmptyCache(2));
        var torch = Rows(model.Forward(Ids(inputIds), Ids(mask), Ids(positions), torchCache));
        CompareRealPositions(onnx.Logits, torch, mask, "prompt");

        long[][] next = [[3], [11]];
        mask = mask.Select(m => m.Append(1L).ToArray()).ToArray();
        long[][] nextPositions = [[LongSequence.Length], [ShortSequence.Length]];
        onnx = runner.Run(next, mask, nextPositions, onnx.Present);
        torch = Rows(model.Forward(Ids(next), Ids(mask), Ids(nextPositions), torchCache));
        CompareRealPositions(onnx.Logits, torch, mask.Select(m => m[^1..]).ToArray(), "next token");

        _comparison.Report("left-padded batch");
    }

    [Fact]
    public void Exporting_from_tensors_writes_the_same_model_as_from_arrays()
    {
        using var scope = NewDisposeScope();
        var config = RandomTinyLlama.Config();
        var weights = RandomTinyLlama.RandomWeights(config, Seed);
        var tensors = weights.ToDictionary(w => w.Key, w => tensor(w.Value.Data, w.Value.Shape));

        LlamaOnnxExporter.Build(config, weights).ToArray().ShouldBe(LlamaOnnxExporter.Build(config, LlamaOnnxWeights.FromTensors(tensors)).ToArray());
    }

    /// <summary>The random weights of <see cref="RandomTinyLlama"/> loaded into a TorchSharp model, and that model's own weights exported.</summary>
    private (LlamaModel Model, LlamaOnnxDecoderRunner Runner) ExportedModel(bool tiedEmbeddings)
    {
        var config = RandomTinyLlama.Config(tiedEmbeddings);
        var model = new LlamaModel(config);
        model.LoadWeights(RandomTinyLlama.RandomWeights(config, Seed).ToDictionary(w => w.Key, w => tensor(w.Value.Data, w.Value.Shape)));
        model.eval();

        var path = Path.Combine(_directory, $"decoder-{(tiedEmbeddings ? "tied" : "untied")}.onnx");
        LlamaOnnxExporter.Export(config, model.ExportWeights(), path);
        return (model, new LlamaOnnxDecoderRunner(path, config));
    }

    private void CompareRealPositions(float[][][] onnx, float[][][] torch, long[][] mask, string what)
    {
        for (var row = 0; row < mask.Length; row++)
        {
            for (var position = 0; position < mask[row].Length; position++)
            {
                if (mask[row][position] == 1)
                {
                    _comparison.ShouldMatch(onnx[row][position], torch[row][position], $"{what}: row {row} position {position}");
                }
            }
        }
    }

    private static Tensor Ids(long[][] rows) => tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);

    /// <summary>[batch, seq, vocab] as logits[b][position][token].</summary>
    private static float[][][] Rows(Tensor logits)
    {
        var (batch, length, vocab) = ((int)logits.shape[0], (int)logits.shape[1], (int)logits.shape[2]);
        var data = logits.detach().contiguous().data<float>().ToArray();
        return Enumerable.Range(0, batch)
            .Select(b => Enumerable.Range(0, length).Select(p => data.AsSpan(((b * length) + p) * vocab, vocab).ToArray()).ToArray())
            .ToArray();
    }

    private static long[] Ones(int count) => Enumerable.Repeat(1L, count).ToArray();

    private static long[] Positions(int start, int count) => Enumerable.Range(start, count).Select(p => (long)p).ToArray();
}
