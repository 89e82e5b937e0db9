using Feedback.Core.Domain;
using MudBlazor;

namespace Feedback.Web.Components.Pages.Training;

/// <summary>How runs are named and coloured on the console.</summary>
public static class RunKinds
{
    public static IReadOnlyList<TrainingRunKind> Text { get; } = [TrainingRunKind.RewardModel, TrainingRunKind.Dpo, TrainingRunKind.Rloo];

    public static string Label(TrainingRunKind kind) => kind switch
    {
        TrainingRunKind.RewardModel => "Reward model",
        TrainingRunKind.Dpo => "DPO",
        TrainingRunKind.Rloo => "RLHF (RLOO)",
        TrainingRunKind.ImageRewardModel => "Image reward model",
        TrainingRunKind.DiffusionDpo => "Diffusion-DPO",
        TrainingRunKind.DiffusionRl => "Diffusion RL",
        _ => kind.ToString(),
    };

    public static Color StatusColor(TrainingRunStatus status) => status switch
    {
        TrainingRunStatus.Succeeded => Color.Success,
        TrainingRunStatus.Failed => Color.Error,
        TrainingRunStatus.Running => Color.Info,
        TrainingRunStatus.Cancelled => Color.Warning,
        _ => Color.Default,
    };

    public static Color StatusColor(CheckpointStatus status) => status switch
    {
        CheckpointStatus.Serving => Color.Success,
        CheckpointStatus.Retired => Color.Default,
        _ => Color.Info,
    };
}
