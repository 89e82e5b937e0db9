using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>
/// The per-example losses of preference training. Inputs are [batch] float tensors of summed answer log-probs (or
/// rewards); each returns the loss of every example, [batch], for the caller to average.
/// </summary>
public static class PreferenceLosses
{
    /// <summary>
    /// DPO: with h = (policyChosen - referenceChosen) - (policyRejected - referenceRejected), the loss is
    /// (1 - eps) * -log sigmoid(beta h) + eps * -log sigmoid(-beta h); eps = <paramref name="labelSmoothing"/> > 0 is
    /// conservative (robust) DPO, which assumes a share eps of the labels are flipped.
    /// </summary>
    public static Tensor Dpo(
        Tensor policyChosen, Tensor policyRejected, Tensor referenceChosen, Tensor referenceRejected, double beta, double labelSmoothing = 0)
    {
        ArgumentNullException.ThrowIfNull(policyChosen);
        ArgumentNullException.ThrowIfNull(policyRejected);
        ArgumentNullException.ThrowIfNull(referenceChosen);
        ArgumentNullException.ThrowIfNull(referenceRejected);
        if (labelSmoothing is < 0 or >= 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be in [0, 0.5).");
        }

        using var scope = NewDisposeScope();
        var logits = beta * ((policyChosen - referenceChosen) - (policyRejected - referenceRejected));
        var loss = -nn.functional.logsigmoid(logits) * (1 - labelSmoothing);
        if (labelSmoothing > 0)
        {
            loss -= nn.functional.logsigmoid(-logits) * labelSmoothing;
        }

        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// IPO: with the length-normalized log-ratios h = (policyChosen - referenceChosen) / chosenLengths -
    /// (policyRejected - referenceRejected) / rejectedLengths, the loss is (h - 1/(2 beta))^2.
    /// </summary>
    public static Tensor Ipo(
        Tensor policyChosen, Tensor policyRejected, Tensor referenceChosen, Tensor referenceRejected,
        Tensor chosenLengths, Tensor rejectedLengths, double beta)
    {
        ArgumentNullException.ThrowIfNull(policyChosen);
        ArgumentNullException.ThrowIfNull(policyRejected);
        ArgumentNullException.ThrowIfNull(referenceChosen);
        ArgumentNullException.ThrowIfNull(referenceRejected);
        ArgumentNullException.ThrowIfNull(chosenLengths);
        ArgumentNullException.ThrowIfNull(rejectedLengths);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(beta);
        using var scope = NewDisposeScope();
        var h = ((policyChosen - referenceChosen) / chosenLengths) - ((policyRejected - referenceRejected) / rejectedLengths);
        return (h - (1 / (2 * beta))).square().MoveToOuterDisposeScope();
    }

    /// <summary>The per-pair loss that <paramref name="options"/> choose: sigmoid, robust or IPO DPO, with their beta and label smoothing.</summary>
    public static Tensor Of(
        DpoOptions options,
        Tensor policyChosen,
        Tensor policyRejected,
        Tensor referenceChosen,
        Tensor referenceRejected,
        Tensor chosenLengths,
        Tensor rejectedLengths)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Loss switch
        {
            DpoLoss.Ipo => Ipo(policyChosen, policyRejected, referenceChosen, referenceRejected, chosenLengths, rejectedLengths, options.Beta),
            DpoLoss.Robust => Dpo(policyChosen, policyRejected, referenceChosen, referenceRejected, options.Beta, options.LabelSmoothing),
            _ => Dpo(policyChosen, policyRejected, referenceChosen, referenceRejected, options.Beta),
        };
    }

    /// <summary>Bradley-Terry: -log sigmoid(rewardChosen - rewardRejected - margin), margin 0 when null.</summary>
    public static Tensor BradleyTerry(Tensor rewardChosen, Tensor rewardRejected, Tensor? margin = null)
    {
        ArgumentNullException.ThrowIfNull(rewardChosen);
        ArgumentNullException.ThrowIfNull(rewardRejected);
        using var scope = NewDisposeScope();
        var difference = rewardChosen - rewardRejected;
        if (margin is not null)
        {
            difference -= margin;
        }

        return (-nn.functional.logsigmoid(difference)).MoveToOuterDisposeScope();
    }
}
