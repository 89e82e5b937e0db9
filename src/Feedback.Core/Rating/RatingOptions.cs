namespace Feedback.Core.Rating;

public sealed class RatingOptions
{
    /// <summary>How long an assignment stays reserved for its rater before it returns to the pool.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(15);
}
