namespace Feedback.Core.Domain;

public enum VoteChoice
{
    Left = 0,
    Right = 1,
    Tie = 2,
    BothBad = 3,
}
