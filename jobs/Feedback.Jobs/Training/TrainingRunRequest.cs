using Feedback.Core.Domain;

namespace Feedback.Jobs.Training;

/// <summary>
/// What a researcher asks for: the kind of run, the snapshot it learns from (RLHF learns from the project's prompts
/// and needs none), hyperparameters as JSON (anything left out takes its default), and optionally the checkpoints to
/// start from and to score with (by default the project's serving policy and reward model).
/// </summary>
public sealed record TrainingRunRequest(
    long ProjectId,
    TrainingRunKind Kind,
    long? SnapshotId,
    string HyperparametersJson = "{}",
    long? BaseCheckpointId = null,
    long? RewardCheckpointId = null);
