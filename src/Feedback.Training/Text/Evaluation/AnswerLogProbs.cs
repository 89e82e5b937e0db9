using Feedback.Training.Text.Preference;
using static TorchSharp.torch;

namespace Feedback.Training.Text.Evaluation;

/// <summary>How likely a model finds given answers: the summed log-probability of each answer's tokens after its prompt.</summary>
public static class AnswerLogProbs
{
    /// <param name="prompts">Each prompt's tokens (BOS and the chat template included).</param>
    /// <param name="answers">Each answer's tokens (EOS included when the answer ended there).</param>
    public static double[] Sum(
        LlamaModel model, IReadOnlyList<IReadOnlyList<int>> prompts, IReadOnlyList<IReadOnlyList<int>> answers, int padId, int batchSize = 16)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(answers);
        if (prompts.Count != answers.Count)
        {
            throw new ArgumentException($"{prompts.Count} prompts but {answers.Count} answers.", nameof(answers));
        }

        model.eval();
        using var noGrad = no_grad();
        var sums = new List<double>(prompts.Count);
        for (var start = 0; start < prompts.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var rows = Enumerable.Range(start, Math.Min(batchSize, prompts.Count - start)).Select(i => (prompts[i], answers[i])).ToList();
            using var batch = PromptAnswerBatch.Create(rows, padId, model.Device);
            var logits = model.Forward(batch.InputIds, batch.AttentionMask);
            sums.AddRange(SequenceLogProbs.Sum(logits, batch).cpu().data<float>().ToArray().Select(v => (double)v));
        }

        return [.. sums];
    }
}
