namespace Feedback.Core.Domain;

/// <summary>What a new policy must show against the serving one on held-out prompts (or captions) before it is promoted.</summary>
public sealed class GateSettings
{
    /// <summary>The reward model must prefer the new policy's answers at least this often (ties count half).</summary>
    public double MinWinRate { get; set; } = 0.55;

    /// <summary>The new policy may drift at most this far from the serving one: mean KL per answer, in nats.</summary>
    public double MaxKl { get; set; } = 20.0;

    /// <summary>The mean answer length may change by at most this fraction either way.</summary>
    public double MaxLengthDrift { get; set; } = 0.5;

    /// <summary>For image models: the mean prompt-adherence score may fall at most this far below the serving model's.</summary>
    public double MaxAdherenceDrop { get; set; } = 0.02;

    /// <summary>How many held-out prompts the evaluation answers.</summary>
    public int EvaluationPrompts { get; set; } = 32;
}
