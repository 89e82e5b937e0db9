namespace Feedback.Core.Rating;

/// <summary>A vote that does not fit its comparison (a choice for a ranking item, a ranking of other candidates, ...).</summary>
public sealed class VoteRejectedException(string message) : Exception(message);
