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

    /// <summary>Logs the steps skipped and why the run stopped early, if it did.</summary>
    /// <returns>The trained model's held-out metrics.</returns>
    public static async Task<IReadOnlyDictionary<string, double>> LogAsync(RunLog log, long runId, PreferenceTrainingReport report, CancellationToken ct)
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

        return report.FinalHeldOut;
    }
}
