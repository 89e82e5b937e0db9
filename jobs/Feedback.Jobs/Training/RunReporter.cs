using Feedback.Core.Data;
using Feedback.Training.Text.Preference;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Jobs.Training;

/// <summary>
/// Where a running trainer reports each step: the metrics go to the database for the console's live charts, the run's
/// step is updated, and a cancellation the researcher asked for stops the trainer at once. A resumed run reports its
/// steps again; values already stored are kept.
/// </summary>
internal sealed class RunReporter(IDbContextFactory<FeedbackDbContext> dbFactory, long runId, TimeProvider clock) : IProgress<TrainingStepMetrics>
{
    public TrainingStepMetrics? Last { get; private set; }

    public void Report(TrainingStepMetrics value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Last = value;
        using var db = dbFactory.CreateDbContext();
        var names = value.Values.Keys.ToArray();
        var values = names.Select(n => value.Values[n]).Select(v => double.IsFinite(v) ? v : double.NaN).ToArray();
        var at = clock.GetUtcNow();
        db.Database.ExecuteSql($"""
            INSERT INTO training_metrics (training_run_id, step, name, value, at)
            SELECT {runId}, {value.Step}, n, v, {at} FROM unnest({names}, {values}) AS t(n, v)
            ON CONFLICT (training_run_id, name, step) DO NOTHING
            """);
        var cancel = db.Database
            .SqlQuery<bool>($"""UPDATE training_runs SET step = {value.Step}, total_steps = {value.Steps} WHERE id = {runId} RETURNING cancel_requested AS "Value" """)
            .AsEnumerable()
            .FirstOrDefault();
        if (cancel)
        {
            throw new RunCancelledException(runId);
        }
    }
}
