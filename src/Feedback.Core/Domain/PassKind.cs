namespace Feedback.Core.Domain;

public enum PassKind
{
    /// <summary>The rater chose not to judge this item.</summary>
    Skip = 0,

    /// <summary>The rater reported the item (broken, harmful, unjudgeable), with a reason.</summary>
    Flag = 1,
}
