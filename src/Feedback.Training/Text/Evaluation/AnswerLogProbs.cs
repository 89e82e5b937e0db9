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
        var sums = new double[prompts.Count];
        for (var start = 0; start < prompts.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var rows = Enumerable.Range(start, Math.Min(batchSize, prompts.Count - start)).ToList();
            var length = rows.Max(r => prompts[r].Count + answers[r].Count);
            var ids = new long[rows.Count * length];
            var mask = new long[rows.Count * length];
            var learned = new float[rows.Count * (length - 1)];
            for (var i = 0; i < rows.Count; i++)
            {
                var tokens = prompts[rows[i]].Concat(answers[rows[i]]).ToArray();
                for (var t = 0; t < length; t++)
                {
                    ids[(i * length) + t] = t < tokens.Length ? tokens[t] : padId;
                    mask[(i * length) + t] = t < tokens.Length ? 1 : 0;
                }

                // Position t predicts token t + 1; only the answer's tokens count.
                for (var t = prompts[rows[i]].Count - 1; t + 1 < tokens.Length; t++)
                {
                    learned[(i * (length - 1)) + t] = 1;
                }
            }

            var input = tensor(ids, [rows.Count, length], ScalarType.Int64).to(model.Device);
            var attention = tensor(mask, [rows.Count, length], ScalarType.Int64).to(model.Device);
            var logProbs = nn.functional.log_softmax(model.Forward(input, attention).narrow(1, 0, length - 1), -1);
            var picked = logProbs.gather(-1, input.narrow(1, 1, length - 1).unsqueeze(-1)).squeeze(-1);
            var weights = tensor(learned, [rows.Count, length - 1], ScalarType.Float32).to(model.Device);
            var perRow = (picked * weights).sum(1).cpu().data<float>().ToArray();
            for (var i = 0; i < rows.Count; i++)
            {
                sums[rows[i]] = perRow[i];
            }
        }

        return sums;
    }
}
