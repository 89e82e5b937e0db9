using Feedback.Core.Domain;

namespace Feedback.Jobs.Training;

/// <summary>A recurring training run: which kind, how often (cron, UTC), with which hyperparameters.</summary>
public sealed record TrainingSchedule(
    string Id, long ProjectId, TrainingRunKind Kind, string Cron, string HyperparametersJson, DateTime? NextRun, DateTime? LastRun);
