namespace Feedback.Core.Domain;

public enum TrainingRunKind
{
    RewardModel = 0,
    Dpo = 1,
    Rloo = 2,
    ImageRewardModel = 3,
    DiffusionDpo = 4,
    DiffusionRl = 5,
}
