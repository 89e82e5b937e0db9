using System.Runtime.InteropServices;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Feedback.Training.Text.Training;

/// <summary>The loss, gradient norm and fate of one guarded step; <see cref="Fault"/> is the first line of LibTorch's message when it failed a try.</summary>
internal readonly record struct GuardedStepResult(float Loss, double GradNorm, bool Taken, string? Fault);

/// <summary>
/// One optimizer step that every trainer takes the same way: the loss, backward, gradient clipping, then the update,
/// unless the loss or the gradient norm is not finite or LibTorch fails the step outright. A failed step is taken once
/// more: LibTorch's CPU kernels now and then fail a step on more than one thread, and the same inputs computed again
/// leave the run as it would have been, while a loss that really is not finite fails again and is not taken.
/// </summary>
internal static class GuardedStep
{
    /// <param name="loss">The step's loss; called again for the second try, so it must depend only on the step.</param>
    public static GuardedStepResult Take(OptimizerHelper optimizer, IEnumerable<Parameter> parameters, double clipNorm, Func<Tensor> loss)
    {
        var first = TakeOnce(optimizer, parameters, clipNorm, loss);
        if (first.Taken)
        {
            return first;
        }

        var second = TakeOnce(optimizer, parameters, clipNorm, loss);
        return second with { Fault = second.Fault ?? first.Fault };
    }

    private static GuardedStepResult TakeOnce(OptimizerHelper optimizer, IEnumerable<Parameter> parameters, double clipNorm, Func<Tensor> loss)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var lossValue = float.NaN;
        var gradNorm = double.NaN;
        var taken = false;
        string? fault = null;
        try
        {
            var value = loss();
            lossValue = value.item<float>();
            if (float.IsFinite(lossValue))
            {
                value.backward();
                gradNorm = nn.utils.clip_grad_norm_(parameters, clipNorm);
                taken = double.IsFinite(gradNorm);
            }

            if (taken)
            {
                optimizer.step();
            }
        }
        catch (ExternalException error)
        {
            fault = error.Message.Split('\n')[0];
        }

        if (!taken)
        {
            optimizer.zero_grad();
        }

        return new GuardedStepResult(lossValue, gradNorm, taken, fault);
    }
}
