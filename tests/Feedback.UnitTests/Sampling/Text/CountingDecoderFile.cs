using Feedback.Training.Onnx;

namespace Feedback.UnitTests.Sampling.Text;

/// <summary>
/// A hand-built decoder laid out like some Optimum exports (no position_ids, a use_cache_branch flag, one cache layer of
/// one head of size 2) whose greedy choice after token t is t + 1 (mod the vocabulary), except that while the with-past
/// branch is on it strongly prefers <see cref="CacheBranchToken"/>: so its output shows which branch the sampler chose.
/// </summary>
internal static class CountingDecoderFile
{
    public const int VocabularySize = 10;
    public const int CacheBranchToken = 7;
    public const float CacheBranchBonus = 10f;
    public const int HeadSize = 2;

    /// <param name="withCache">False leaves out the past and present values and the branch flag, like an export without cache.</param>
    public static string Write(string directory, bool withCache)
    {
        var graph = new OnnxGraph("counting_decoder");
        graph.AddInput("input_ids", OnnxDataType.Int64, ["batch", "sequence"]);
        graph.AddInput("attention_mask", OnnxDataType.Int64, ["batch", "total"]);
        graph.AddInitializer(OnnxTensor.FromFloats("next_token", [VocabularySize, VocabularySize], NextTokenTable()));
        graph.AddNode("Gather", ["next_token", "input_ids"], ["counted"]);

        // The mask must be consumed for the input to stay; adding zero times its sum leaves the logits as they are.
        graph.AddNode("Cast", ["attention_mask"], ["mask_float"]).With("to", (long)OnnxDataType.Float);
        graph.AddNode("ReduceSum", ["mask_float"], ["mask_sum"]).With("keepdims", 0L);
        graph.AddNode("Constant", [], ["zero"]).With("value", OnnxTensor.FromFloats("", [], [0f]));
        graph.AddNode("Mul", ["mask_sum", "zero"], ["nothing"]);

        if (withCache)
        {
            graph.AddInput("use_cache_branch", OnnxDataType.Bool, [1]);
            graph.AddInput("past_key_values.0.key", OnnxDataType.Float, ["batch", 1, "past", HeadSize]);
            graph.AddInput("past_key_values.0.value", OnnxDataType.Float, ["batch", 1, "past", HeadSize]);
            graph.AddInitializer(OnnxTensor.FromFloats("branch_bonus", [VocabularySize], BranchBonus()));
            graph.AddNode("Cast", ["use_cache_branch"], ["branch_float"]).With("to", (long)OnnxDataType.Float);
            graph.AddNode("Mul", ["branch_float", "branch_bonus"], ["bonus"]);
            graph.AddNode("Add", ["counted", "bonus"], ["with_bonus"]);
            graph.AddNode("Add", ["with_bonus", "nothing"], ["logits"]);

            graph.AddInitializer(OnnxTensor.FromFloats("key_table", [VocabularySize, HeadSize], Table(1f)));
            graph.AddInitializer(OnnxTensor.FromFloats("value_table", [VocabularySize, HeadSize], Table(-1f)));
            graph.AddInitializer(OnnxTensor.FromInt64s("head_axis", [1], [1L]));
            foreach (var kind in (string[])["key", "value"])
            {
                graph.AddNode("Gather", [kind + "_table", "input_ids"], ["new_" + kind]);
                graph.AddNode("Unsqueeze", ["new_" + kind, "head_axis"], ["new_" + kind + "_heads"]);
                graph.AddNode("Concat", ["past_key_values.0." + kind, "new_" + kind + "_heads"], ["present.0." + kind]).With("axis", 2L);
            }
        }
        else
        {
            graph.AddNode("Add", ["counted", "nothing"], ["logits"]);
        }

        graph.AddOutput("logits", OnnxDataType.Float, ["batch", "sequence", VocabularySize]);
        if (withCache)
        {
            graph.AddOutput("present.0.key", OnnxDataType.Float, ["batch", 1, "total", HeadSize]);
            graph.AddOutput("present.0.value", OnnxDataType.Float, ["batch", 1, "total", HeadSize]);
        }

        var path = Path.Combine(directory, withCache ? "counting-with-past.onnx" : "counting.onnx");
        new OnnxModel(graph).Save(path);
        return path;
    }

    /// <summary>log softmax of a one-hot logit row: the log-probability of each greedy token outside the cache branch.</summary>
    public static double NextTokenLogProbability => 1 - Math.Log(Math.E + VocabularySize - 1);

    private static float[] NextTokenTable()
    {
        var table = new float[VocabularySize * VocabularySize];
        for (var token = 0; token < VocabularySize; token++)
        {
            table[(token * VocabularySize) + ((token + 1) % VocabularySize)] = 1f;
        }

        return table;
    }

    private static float[] BranchBonus()
    {
        var bonus = new float[VocabularySize];
        bonus[CacheBranchToken] = CacheBranchBonus;
        return bonus;
    }

    private static float[] Table(float sign) =>
        Enumerable.Range(0, VocabularySize * HeadSize).Select(i => sign * i).ToArray();
}
