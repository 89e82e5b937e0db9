namespace Feedback.Sampling.Diffusion;

/// <summary>
/// How images are drawn: <see cref="Steps"/> DDIM steps, classifier-free guidance at <see cref="GuidanceScale"/>
/// (1 turns it off), and <see cref="Eta"/> (0 is deterministic DDIM; above 0 adds fresh noise at each step).
/// </summary>
public sealed record ImageGenerationSettings
{
    public int Steps { get; init; } = 20;

    public double GuidanceScale { get; init; } = 5;

    public double Eta { get; init; }

    public void Validate()
    {
        if (Steps is < 1 or > 1000)
        {
            throw new ArgumentException("Diffusion steps must be between 1 and 1,000.");
        }

        if (!double.IsFinite(GuidanceScale) || GuidanceScale is < 0 or > 30)
        {
            throw new ArgumentException("The guidance scale must be between 0 and 30.");
        }

        if (!double.IsFinite(Eta) || Eta is < 0 or > 1)
        {
            throw new ArgumentException("Eta must be between 0 and 1.");
        }
    }
}
