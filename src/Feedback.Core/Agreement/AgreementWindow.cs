namespace Feedback.Core.Agreement;

/// <summary>The votes answered from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive); null ends are open.</summary>
public sealed record AgreementWindow(DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    public static readonly AgreementWindow All = new();

    internal DateTimeOffset Start => From ?? DateTimeOffset.UnixEpoch;

    internal DateTimeOffset End => To ?? new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);
}
