using System.Globalization;
using Feedback.Core.Domain;
using Feedback.Training.Text.Preference;

namespace Feedback.Jobs.Training;

/// <summary>What every trained run leaves behind: the metadata written into its checkpoint, and its report in the run's log.</summary>
public static class RunOutcome
{
    public static Dictionary<string, string> Metadata(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["feedback.training_run"] = run.Id.ToString(CultureInfo.InvariantCulture),
            ["feedback.kind"] = run.Kind.ToString(),
            ["feedback.snapshot_sha256"] = run.Snapshot?.Sha256 ?? "",
        };
    }

    /// <summary>
    /// Logs the steps skipped, why the run stopped early, if it did, and, for a loss whose value before training is
    /// known (<paramref name="startingLoss"/>), whether the held-out loss ended above it.
    /// </summary>
    /// <returns>The trained model's held-out metrics.</returns>
    public static async Task<IReadOnlyDictionary<string, double>> LogAsync(
        RunLog log, long runId, PreferenceTrainingReport report, double? startingLoss, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(report);
        if (report.NonFiniteSteps > 0)
        {
            await log.WriteAsync(runId, $"{report.NonFiniteSteps} steps had a non-finite loss or gradient and were skipped.", ct);
        }

        if (report.StoppedEarlyReason is { } reason)
        {
            await log.WriteAsync(runId, $"Stopped after step {report.StepsDone}: {reason}", ct);
        }

        if (startingLoss is { } start && HeldOutLossWarning(report.FinalHeldOut, start) is { } warning)
        {
            await log.WriteAsync(runId, warning, ct);
        }

        return report.FinalHeldOut;
    }

    /// <summary>
    /// A warning when the held-out loss ended above <paramref name="startingLoss"/>, the value it has before any
    /// training: the model then fits its training pairs with a preference that does not carry to held-out ones.
    /// </summary>
    public static string? HeldOutLossWarning(IReadOnlyDictionary<string, double> heldOut, double startingLoss)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        if (!heldOut.TryGetValue("eval/loss", out var loss) || !(loss > startingLoss))
        {
            return null;
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"The held-out loss ended at {loss:F3}, above the {startingLoss:F3} it had before training: the model fits its training pairs, but the preference does not carry to held-out pairs. The gate judges it as usual; fewer steps or a lower learning rate keep the model closer to where it started.");
    }
}
