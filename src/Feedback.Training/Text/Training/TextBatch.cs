using TorchSharp;
using static TorchSharp.torch;

namespace Feedback.Training.Text.Training;

/// <summary>
/// Examples padded on the right into one batch: token ids, the attention mask, and which next-token predictions
/// count towards the loss (every real token, or only the answer's and EOS).
/// </summary>
public sealed class TextBatch : IDisposable
{
    private TextBatch(Tensor inputIds, Tensor attentionMask, Tensor lossMask, long tokens)
    {
        InputIds = inputIds;
        AttentionMask = attentionMask;
        LossMask = lossMask;
        LearnedTokens = tokens;
    }

    /// <summary>[batch, length] int64.</summary>
    public Tensor InputIds { get; }

    /// <summary>[batch, length] int64: 1 for real tokens, 0 for padding.</summary>
    public Tensor AttentionMask { get; }

    /// <summary>[batch, length - 1] float: 1 where predicting the next token is learned from.</summary>
    public Tensor LossMask { get; }

    public long LearnedTokens { get; }

    public static TextBatch Create(IReadOnlyList<TextExample> examples, int padId, bool answersOnly, Device device)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var length = examples.Max(e => e.Length);
        var ids = new long[examples.Count * length];
        var mask = new long[examples.Count * length];
        var loss = new float[examples.Count * (length - 1)];
        long learned = 0;
        for (var row = 0; row < examples.Count; row++)
        {
            var example = examples[row];
            for (var t = 0; t < length; t++)
            {
                var real = t < example.Length;
                ids[(row * length) + t] = real ? example.Tokens[t] : padId;
                mask[(row * length) + t] = real ? 1 : 0;
            }

            // Position t predicts token t + 1.
            for (var t = 0; t + 1 < example.Length; t++)
            {
                if (!answersOnly || t + 1 >= example.AnswerStart)
                {
                    loss[(row * (length - 1)) + t] = 1;
                    learned++;
                }
            }
        }

        return new TextBatch(
            tensor(ids, [examples.Count, length], ScalarType.Int64).to(device),
            tensor(mask, [examples.Count, length], ScalarType.Int64).to(device),
            tensor(loss, [examples.Count, length - 1], ScalarType.Float32).to(device),
            learned);
    }

    /// <summary>The mean negative log-likelihood of the learned next tokens, from logits [batch, length, vocab].</summary>
    public Tensor Loss(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        var length = InputIds.shape[1];
        var predictions = logits.narrow(1, 0, length - 1);
        var targets = InputIds.narrow(1, 1, length - 1);
        var logProbs = nn.functional.log_softmax(predictions, -1);
        var picked = logProbs.gather(-1, targets.unsqueeze(-1)).squeeze(-1);
        return -(picked * LossMask).sum() / LossMask.sum().clamp_min(1);
    }

    public void Dispose()
    {
        InputIds.Dispose();
        AttentionMask.Dispose();
        LossMask.Dispose();
    }
}
