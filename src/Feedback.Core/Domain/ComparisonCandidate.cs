namespace Feedback.Core.Domain;

public sealed class ComparisonCandidate
{
    public long ComparisonId { get; set; }
    public int Position { get; set; }
    public long CandidateId { get; set; }
    public Candidate? Candidate { get; set; }
}
