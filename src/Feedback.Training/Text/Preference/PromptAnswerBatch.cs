using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>
/// Prompt-and-answer sequences padded on the right into one batch, with which next-token predictions belong to the
/// answer: what log-probs of answers and reward scores are read from.
/// </summary>
public sealed class PromptAnswerBatch : IDisposable
{
    private PromptAnswerBatch(Tensor inputIds, Tensor attentionMask, Tensor answerMask, Tensor answerLengths)
    {
        InputIds = inputIds;
        AttentionMask = attentionMask;
        AnswerMask = answerMask;
        AnswerLengths = answerLengths;
    }

    /// <summary>[rows, length] int64.</summary>
    public Tensor InputIds { get; }

    /// <summary>[rows, length] int64: 1 for real tokens, 0 for padding.</summary>
    public Tensor AttentionMask { get; }

    /// <summary>[rows, length - 1] float: 1 where position t predicts an answer token (t + 1 inside the answer).</summary>
    public Tensor AnswerMask { get; }

    /// <summary>[rows] float: the answer's token count.</summary>
    public Tensor AnswerLengths { get; }

    public long Rows => InputIds.shape[0];

    public static PromptAnswerBatch Create(
        IReadOnlyList<(IReadOnlyList<int> Prompt, IReadOnlyList<int> Answer)> rows, int padId, Device device)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(device);
        if (rows.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one sequence.", nameof(rows));
        }

        if (rows.Any(row => row.Prompt.Count == 0 || row.Answer.Count == 0))
        {
            throw new ArgumentException("Every prompt needs at least its BOS token and every answer at least one token.", nameof(rows));
        }

        // At least two positions, so that there is one prediction to read.
        var length = Math.Max(2, rows.Max(row => row.Prompt.Count + row.Answer.Count));
        var ids = new long[rows.Count * length];
        var mask = new long[rows.Count * length];
        var answer = new float[rows.Count * (length - 1)];
        var lengths = new float[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var (prompt, reply) = rows[r];
            for (var t = 0; t < length; t++)
            {
                var inPrompt = t < prompt.Count;
                var inAnswer = !inPrompt && t - prompt.Count < reply.Count;
                ids[(r * length) + t] = inPrompt ? prompt[t] : inAnswer ? reply[t - prompt.Count] : padId;
                mask[(r * length) + t] = inPrompt || inAnswer ? 1 : 0;
                if (inAnswer)
                {
                    // Position t - 1 predicts token t.
                    answer[(r * (length - 1)) + t - 1] = 1;
                }
            }

            lengths[r] = reply.Count;
        }

        using var scope = NewDisposeScope();
        return new PromptAnswerBatch(
            tensor(ids, [rows.Count, length], ScalarType.Int64).to(device).MoveToOuterDisposeScope(),
            tensor(mask, [rows.Count, length], ScalarType.Int64).to(device).MoveToOuterDisposeScope(),
            tensor(answer, [rows.Count, length - 1], ScalarType.Float32).to(device).MoveToOuterDisposeScope(),
            tensor(lengths, [rows.Count], ScalarType.Float32).to(device).MoveToOuterDisposeScope());
    }

    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
        AnswerMask.Dispose();
        AnswerLengths.Dispose();
    }
}
