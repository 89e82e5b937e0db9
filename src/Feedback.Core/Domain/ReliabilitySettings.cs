namespace Feedback.Core.Domain;

/// <summary>How a project checks its raters: repeated comparisons, the speed floor, and when a rater is paused automatically.</summary>
public sealed class ReliabilitySettings
{
    /// <summary>Share of assignments, between 0 and 1, that repeat one of the rater's own earlier comparisons with the sides swapped.</summary>
    public double SwapRepeatRate { get; set; }

    /// <summary>A vote answered in fewer seconds than this counts as too fast.</summary>
    public double TooFastSeconds { get; set; } = 2.0;

    /// <summary>Whether the rules below pause a rater without an admin.</summary>
    public bool AutoPauseEnabled { get; set; }

    /// <summary>No rule judges a rater with fewer votes than this in the project.</summary>
    public int AutoPauseMinVotes { get; set; } = 20;

    /// <summary>Pause below this gold accuracy (over at least 5 gold answers).</summary>
    public double AutoPauseMinGoldAccuracy { get; set; } = 0.6;

    /// <summary>Pause below this agreement with the leave-one-out majority.</summary>
    public double AutoPauseMinMajorityAgreement { get; set; } = 0.4;

    /// <summary>Pause when more than this share of votes is too fast.</summary>
    public double AutoPauseMaxTooFastShare { get; set; } = 0.5;

    /// <summary>Pause when the 95% interval of the share of left picks lies wholly beyond this distance from one half.</summary>
    public double AutoPauseMaxSideBias { get; set; } = 0.25;
}
