namespace Feedback.Core.Rating;

public enum VoteOutcome
{
    /// <summary>The vote was stored.</summary>
    Recorded,

    /// <summary>This client vote id was stored before (a retry or a double click): nothing new was stored.</summary>
    AlreadyRecorded,

    /// <summary>
    /// The rater has no assignment for this comparison, or held it past its lease while other raters gave it all the votes
    /// it wants: nothing was stored.
    /// </summary>
    NotAssigned,
}
