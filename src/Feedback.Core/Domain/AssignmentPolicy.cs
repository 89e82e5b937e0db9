namespace Feedback.Core.Domain;

/// <summary>The order in which open comparisons are handed to raters.</summary>
public enum AssignmentPolicy
{
    FewestVotesFirst = 0,
    OldestFirst = 1,
    ModelUncertainty = 2,
}
