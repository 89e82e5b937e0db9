using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>The log-probability a model gives each row's answer: the sum over answer tokens only, padding and prompt left out.</summary>
public static class SequenceLogProbs
{
    /// <summary>
    /// [rows] summed log-probs of the answer tokens from the logits [rows, length, vocab] of <paramref name="batch"/>'s
    /// sequences; <paramref name="temperature"/> divides the logits first, as sampling at that temperature does.
    /// </summary>
    public static Tensor Sum(Tensor logits, PromptAnswerBatch batch, double temperature = 1.0)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var picked = TokenLogProbs(logits, batch, temperature);
        return (picked * batch.AnswerMask).sum(1).MoveToOuterDisposeScope();
    }

    /// <summary>[rows, length - 1] log-prob of each next token (answer or not).</summary>
    public static Tensor TokenLogProbs(Tensor logits, PromptAnswerBatch batch, double temperature = 1.0)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        using var scope = NewDisposeScope();
        var length = batch.InputIds.shape[1];
        var predictions = logits.narrow(1, 0, length - 1);
        if (temperature != 1.0)
        {
            predictions = predictions / temperature;
        }

        var targets = batch.InputIds.narrow(1, 1, length - 1);
        return nn.functional.log_softmax(predictions, -1).gather(-1, targets.unsqueeze(-1)).squeeze(-1).MoveToOuterDisposeScope();
    }

    /// <summary>The summed answer log-probs of every row under <paramref name="model"/>, without gradients, in batches.</summary>
    public static double[] Compute(
        LlamaModel model, IReadOnlyList<(IReadOnlyList<int> Prompt, IReadOnlyList<int> Answer)> rows, int padId, int batchSize, double temperature = 1.0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        var result = new double[rows.Count];
        for (var start = 0; start < rows.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, rows.Count - start);
            using var batch = PromptAnswerBatch.Create(rows.Skip(start).Take(count).ToList(), padId, model.Device);
            var sums = Sum(model.Forward(batch.InputIds, batch.AttentionMask), batch, temperature).cpu().data<float>().ToArray();
            for (var i = 0; i < count; i++)
            {
                result[start + i] = sums[i];
            }
        }

        model.train(wasTraining);
        return result;
    }
}
