using static TorchSharp.torch;

namespace Feedback.Training.Images.Preference;

/// <summary>
/// The Diffusion-DPO loss (Wallace et al., 2023). The inputs are [batch] per-sample mean squared errors of the
/// predicted noise, for the winner and the loser noised at the same timestep with the same noise, under the policy
/// and the frozen reference. With h = (e_policy_w - e_ref_w) - (e_policy_l - e_ref_l), the loss is
/// -log sigmoid(-(beta / 2) h): it falls as the policy denoises the winner better, and the loser worse, than the
/// reference does. When the policy is the reference, h = 0 and the loss is ln 2.
/// </summary>
public static class DiffusionDpoLoss
{
    /// <returns>The loss of every pair, [batch], and the implicit reward margin -(beta / 2) h that it is the negative log-sigmoid of.</returns>
    public static (Tensor Loss, Tensor Margin) Compute(Tensor policyWinner, Tensor policyLoser, Tensor referenceWinner, Tensor referenceLoser, double beta)
    {
        ArgumentNullException.ThrowIfNull(policyWinner);
        ArgumentNullException.ThrowIfNull(policyLoser);
        ArgumentNullException.ThrowIfNull(referenceWinner);
        ArgumentNullException.ThrowIfNull(referenceLoser);
        if (!(beta > 0) || double.IsInfinity(beta))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "Beta must be positive.");
        }

        using var scope = NewDisposeScope();
        var inside = (policyWinner - referenceWinner) - (policyLoser - referenceLoser);
        var margin = inside * (-beta / 2);
        var loss = -nn.functional.logsigmoid(margin);
        return (loss.MoveToOuterDisposeScope(), margin.MoveToOuterDisposeScope());
    }

    /// <summary>Per-sample mean squared error between predicted and true noise, [batch].</summary>
    public static Tensor PerSampleError(Tensor predicted, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(noise);
        using var scope = NewDisposeScope();
        return (predicted - noise).square().flatten(1).mean([1]).MoveToOuterDisposeScope();
    }
}
