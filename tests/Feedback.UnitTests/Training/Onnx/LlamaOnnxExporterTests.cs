using Feedback.Training.Onnx;
using Feedback.Training.Text;
using Xunit.Abstractions;

namespace Feedback.UnitTests.Training.Onnx;

public sealed class LlamaOnnxExporterTests(ITestOutputHelper output) : IDisposable
{
    private const double Tolerance = 1e-4;
    private const int Seed = 1234;
    private const long Padding = 0;

    private static readonly long[] LongSequence = [1, 17, 4, 33, 49, 8, 25, 12];
    private static readonly long[] ShortSequence = [1, 42, 7, 19, 3];

    private readonly string _directory = Directory.CreateTempSubdirectory("feedback-llama-onnx-").FullName;
    private readonly LogitComparison _comparison = new(output, Tolerance);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_prompt_without_past_gives_the_reference_logits_at_every_position()
    {
        var (config, weights, runner) = Export();
        using var _ = runner;

        var step = runner.Run([LongSequence], [Ones(LongSequence.Length)], [Positions(0, LongSequence.Length)], runner.EmptyCache(1));

        var expected = new LlamaReferenceForward(config, weights).Logits(LongSequence);
        for (var position = 0; position < LongSequence.Length; position++)
        {
            _comparison.ShouldMatch(step.Logits[0][position], expected[position], $"position {position}");
        }

        _comparison.Report("no past");
    }

    [Fact]
    public void Feeding_a_prompt_then_one_token_at_a_time_through_the_cache_gives_the_logits_of_the_whole_sequence()
    {
        var (config, weights, runner) = Export();
        using var _ = runner;
        var whole = runner.Run([LongSequence], [Ones(LongSequence.Length)], [Positions(0, LongSequence.Length)], runner.EmptyCache(1));
        var expected = new LlamaReferenceForward(config, weights).Logits(LongSequence);
        const int promptLength = 3;

        var step = runner.Run([LongSequence[..promptLength]], [Ones(promptLength)], [Positions(0, promptLength)], runner.EmptyCache(1));
        for (var position = promptLength; position < LongSequence.Length; position++)
        {
            step = runner.Run([[LongSequence[position]]], [Ones(position + 1)], [[position]], step.Present);

            step.Present.Layers[0].Key.Shape.ShouldBe([1, config.NumKeyValueHeads, position + 1, config.HeadDim]);
            _comparison.ShouldMatch(step.Logits[0][0], whole.Logits[0][position], $"cached position {position} against uncached");
            _comparison.ShouldMatch(step.Logits[0][0], expected[position], $"cached position {position} against the reference");
        }

        _comparison.Report("with cache");
    }

    [Fact]
    public void A_left_padded_batch_gives_each_sequence_the_logits_it_gets_alone()
    {
        var (config, weights, runner) = Export();
        using var _ = runner;
        var reference = new LlamaReferenceForward(config, weights);
        long[][] sequences = [LongSequence, ShortSequence];
        var (inputIds, mask, positions) = LeftPadded(sequences);

        var step = runner.Run(inputIds, mask, positions, runner.EmptyCache(sequences.Length));

        for (var row = 0; row < sequences.Length; row++)
        {
            var offset = LongSequence.Length - sequences[row].Length;
            var alone = reference.Logits(sequences[row]);
            for (var position = 0; position < sequences[row].Length; position++)
            {
                _comparison.ShouldMatch(step.Logits[row][offset + position], alone[position], $"row {row} position {position}");
            }

            step.Logits[row].SelectMany(l => l).ShouldAllBe(v => float.IsFinite(v), $"row {row}, padding included");
        }

        _comparison.Report("left-padded batch");
    }

    [Fact]
    public void A_left_padded_batch_decoded_through_the_cache_keeps_each_sequence_as_it_is_alone()
    {
        var (config, weights, runner) = Export();
        using var _ = runner;
        var reference = new LlamaReferenceForward(config, weights);
        long[][] sequences = [LongSequence, ShortSequence];
        long[][] continuations = [[5, 6, 7], [44, 45, 46]];
        var (inputIds, mask, positions) = LeftPadded(sequences);

        var step = runner.Run(inputIds, mask, positions, runner.EmptyCache(sequences.Length));
        for (var t = 0; t < continuations[0].Length; t++)
        {
            mask = mask.Select(m => m.Append(1L).ToArray()).ToArray();
            var next = continuations.Select(c => new[] { c[t] }).ToArray();
            var nextPositions = sequences.Select(s => new[] { (long)(s.Length + t) }).ToArray();
            step = runner.Run(next, mask, nextPositions, step.Present);

            for (var row = 0; row < sequences.Length; row++)
            {
                var sequenceSoFar = sequences[row].Concat(continuations[row][..(t + 1)]).ToArray();
                var expected = reference.Logits(sequenceSoFar)[^1];
                _comparison.ShouldMatch(step.Logits[row][0], expected, $"row {row} step {t}");
            }
        }

        _comparison.Report("left-padded batch with cache");
    }

    [Fact]
    public void Tied_embeddings_reuse_the_embedding_as_lm_head()
    {
        var (config, weights, runner) = Export(tiedEmbeddings: true);
        using var _ = runner;

        var step = runner.Run([ShortSequence], [Ones(ShortSequence.Length)], [Positions(0, ShortSequence.Length)], runner.EmptyCache(1));

        weights.ShouldNotContainKey("lm_head.weight");
        var expected = new LlamaReferenceForward(config, weights).Logits(ShortSequence);
        for (var position = 0; position < ShortSequence.Length; position++)
        {
            _comparison.ShouldMatch(step.Logits[0][position], expected[position], $"position {position}");
        }

        LlamaOnnxExporter.Build(config, weights).Graph.Initializers
            .Count(i => i.Name == "model.embed_tokens.weight").ShouldBe(1);
    }

    [Fact]
    public void The_model_has_optimums_decoder_with_past_inputs_and_outputs_with_symbolic_dimensions()
    {
        var (config, _, runner) = Export();
        using var __ = runner;
        var session = runner.Session;

        session.InputNames.ShouldBe(
        [
            "input_ids", "attention_mask", "position_ids",
            "past_key_values.0.key", "past_key_values.0.value", "past_key_values.1.key", "past_key_values.1.value",
        ]);
        session.OutputNames.ShouldBe(["logits", "present.0.key", "present.0.value", "present.1.key", "present.1.value"]);
        session.InputMetadata["input_ids"].SymbolicDimensions.ShouldBe(["batch_size", "sequence_length"]);
        session.InputMetadata["attention_mask"].SymbolicDimensions.ShouldBe(["batch_size", "total_sequence_length"]);
        session.InputMetadata["past_key_values.1.value"].SymbolicDimensions.ShouldBe(["batch_size", "", "past_sequence_length", ""]);
        session.InputMetadata["past_key_values.1.value"].Dimensions.ShouldBe([-1, config.NumKeyValueHeads, -1, config.HeadDim]);
        session.OutputMetadata["logits"].Dimensions.ShouldBe([-1, -1, config.VocabSize]);
        session.OutputMetadata["present.0.key"].SymbolicDimensions.ShouldBe(["batch_size", "", "total_sequence_length", ""]);
    }

    [Fact]
    public void The_graph_uses_only_standard_operators_of_opset_17()
    {
        var config = RandomTinyLlama.Config();

        var model = LlamaOnnxExporter.Build(config, RandomTinyLlama.RandomWeights(config, Seed));

        model.OpsetImports.ShouldBe([new OnnxOperatorSet("", 17)]);
        model.Graph.Nodes.ShouldAllBe(n => n.Domain == "");
    }

    [Fact]
    public void A_missing_or_misshapen_weight_is_refused_with_its_name()
    {
        var config = RandomTinyLlama.Config();
        var missing = RandomTinyLlama.RandomWeights(config, Seed);
        missing.Remove("model.layers.1.mlp.up_proj.weight");
        var misshapen = RandomTinyLlama.RandomWeights(config, Seed);
        misshapen["model.layers.0.self_attn.k_proj.weight"] = (new float[32 * 32], [32, 32]);

        Should.Throw<InvalidDataException>(() => LlamaOnnxExporter.Build(config, missing))
            .Message.ShouldContain("model.layers.1.mlp.up_proj.weight");
        Should.Throw<InvalidDataException>(() => LlamaOnnxExporter.Build(config, misshapen))
            .Message.ShouldContain("model.layers.0.self_attn.k_proj.weight");
    }

    private (LlamaConfig Config, Dictionary<string, (float[] Data, long[] Shape)> Weights, LlamaOnnxDecoderRunner Runner) Export(
        bool tiedEmbeddings = false)
    {
        var config = RandomTinyLlama.Config(tiedEmbeddings);
        var weights = RandomTinyLlama.RandomWeights(config, Seed);
        var path = Path.Combine(_directory, "decoder.onnx");
        LlamaOnnxExporter.Export(config, weights, path);
        return (config, weights, new LlamaOnnxDecoderRunner(path, config));
    }

    /// <summary>Padding on the left, positions counted from each row's first real token (padding at 1), as Hugging Face batches them.</summary>
    private static (long[][] InputIds, long[][] Mask, long[][] Positions) LeftPadded(long[][] sequences)
    {
        var width = sequences.Max(s => s.Length);
        var inputIds = sequences.Select(s => Enumerable.Repeat(Padding, width - s.Length).Concat(s).ToArray()).ToArray();
        var mask = sequences.Select(s => Enumerable.Repeat(0L, width - s.Length).Concat(Ones(s.Length)).ToArray()).ToArray();
        var positions = sequences.Select(s => Enumerable.Repeat(1L, width - s.Length).Concat(Positions(0, s.Length)).ToArray()).ToArray();
        return (inputIds, mask, positions);
    }

    private static long[] Ones(int count) => Enumerable.Repeat(1L, count).ToArray();

    private static long[] Positions(int start, int count) => Enumerable.Range(start, count).Select(p => (long)p).ToArray();
}
