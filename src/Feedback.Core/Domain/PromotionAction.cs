namespace Feedback.Core.Domain;

public enum PromotionAction
{
    /// <summary>The checkpoint passed the gate, or a researcher promoted it, and now serves.</summary>
    Promoted = 0,

    /// <summary>The gate kept it a candidate.</summary>
    Rejected = 1,

    /// <summary>It stopped serving and the one before it serves again.</summary>
    RolledBack = 2,
}
