using Feedback.Core.Domain;
using MudBlazor;

namespace Feedback.Web.Components.Pages.Training;

/// <summary>How runs are named and coloured on the console.</summary>
public static class RunKinds
{
    public static IReadOnlyList<TrainingRunKind> Text { get; } = [TrainingRunKind.RewardModel, TrainingRunKind.Dpo, TrainingRunKind.Rloo];

    public static IReadOnlyList<TrainingRunKind> Image { get; } = [TrainingRunKind.ImageRewardModel, TrainingRunKind.DiffusionDpo, TrainingRunKind.DiffusionRl];

    /// <summary>The kinds a project of this modality can train, the first being where a project starts.</summary>
    public static IReadOnlyList<TrainingRunKind> For(Modality modality) => modality == Modality.Image ? Image : Text;

    /// <summary>Runs whose checkpoint is an image model that the gate draws sample grids for.</summary>
    public static bool DrawsSamples(TrainingRunKind kind) => kind is TrainingRunKind.DiffusionDpo or TrainingRunKind.DiffusionRl;

    public static string Label(TrainingRunKind kind) => kind switch
    {
        TrainingRunKind.RewardModel => "Reward model",
        TrainingRunKind.Dpo => "DPO",
        TrainingRunKind.Rloo => "RLHF (RLOO)",
        TrainingRunKind.ImageRewardModel => "Image reward model",
        TrainingRunKind.DiffusionDpo => "Diffusion-DPO",
        TrainingRunKind.DiffusionRl => "Diffusion RL (DDPO)",
        _ => kind.ToString(),
    };

    public static string Label(CheckpointKind kind) => kind == CheckpointKind.RewardModel ? "Reward model" : "Policy";

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
