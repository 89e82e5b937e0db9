using System.Globalization;
using Feedback.Core;
using Feedback.Core.Domain;
using Hangfire;
using Hangfire.Storage;

namespace Feedback.Jobs.Training;

/// <summary>
/// Training on a cron schedule, kept as Hangfire recurring jobs (one per project and kind): each firing takes a fresh
/// snapshot of the project's votes and queues a run from it. Saving a schedule for a kind that has one replaces it.
/// </summary>
public sealed class TrainingSchedules(IRecurringJobManager recurring, JobStorage storage)
{
    public static string IdFor(long projectId, TrainingRunKind kind) =>
        string.Create(CultureInfo.InvariantCulture, $"training-{projectId}-{kind.ToString().ToLowerInvariant()}");

    public OperationResult AddOrUpdate(long projectId, TrainingRunKind kind, string cron, string hyperparametersJson)
    {
        if (TrainingHyperparameters.Problem(kind, hyperparametersJson) is { } problem)
        {
            return OperationResult.Failed(problem);
        }

        if (ScheduleFrequency.Problem(cron) is { } tooOften)
        {
            return OperationResult.Failed(tooOften);
        }

        try
        {
            recurring.AddOrUpdate<ScheduledTrainingJob>(
                IdFor(projectId, kind), job => job.RunAsync(projectId, kind, hyperparametersJson, CancellationToken.None), cron.Trim());
            return OperationResult.Success;
        }
        catch (ArgumentException e)
        {
            // Hangfire wraps the parser's reason in an exception that only points to it.
            var reason = e.InnerException is { } inner ? inner.Message : e.Message;
            return OperationResult.Failed(
                $"'{cron}' is not a cron expression (minute hour day-of-month month day-of-week, in UTC): {reason.TrimEnd('.')}. For example 0 3 * * * runs every night at 03:00.");
        }
    }

    public void Remove(string id) => recurring.RemoveIfExists(id);

    public IReadOnlyList<TrainingSchedule> List(long projectId)
    {
        using var connection = storage.GetConnection();
        var prefix = string.Create(CultureInfo.InvariantCulture, $"training-{projectId}-");
        return connection.GetRecurringJobs()
            .Where(job => job.Id.StartsWith(prefix, StringComparison.Ordinal) && job.Job is not null && !job.Removed)
            .Select(job => new TrainingSchedule(
                job.Id, projectId, (TrainingRunKind)job.Job.Args[1], job.Cron, (string)job.Job.Args[2], job.NextExecution, job.LastExecution))
            .OrderBy(s => s.Kind)
            .ToList();
    }
}
