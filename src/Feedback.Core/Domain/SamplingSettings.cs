namespace Feedback.Core.Domain;

/// <summary>How a project's candidates are generated: the text fields apply to text projects, the image fields to image projects.</summary>
public sealed class SamplingSettings
{
    public double Temperature { get; set; } = 0.8;
    public double TopP { get; set; } = 0.95;
    public int TopK { get; set; } = 50;
    public int MaxNewTokens { get; set; } = 128;
    public double GuidanceScale { get; set; } = 5.0;
    public int DiffusionSteps { get; set; } = 20;

    /// <summary>The recurring top-up generates new comparisons whenever fewer than this many still want votes; 0 turns it off.</summary>
    public int KeepUnratedComparisons { get; set; }
}
