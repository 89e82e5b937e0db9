namespace Feedback.Core.Domain;

public enum CheckpointKind
{
    /// <summary>A model that generates candidates (the LLM, or the text-to-image diffusion model).</summary>
    Policy = 0,
    RewardModel = 1,
}
