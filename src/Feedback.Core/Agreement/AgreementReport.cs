namespace Feedback.Core.Agreement;

/// <summary>
/// Agreement among the raters of a set of items. Kappas and alpha are NaN where they are undefined (no pairable items,
/// or every rating the same label); <see cref="Pairs"/> holds only pairs of raters with enough shared items.
/// </summary>
public sealed record AgreementReport(
    long Items,
    long Ratings,
    IReadOnlyList<string> Labels,
    double PercentAgreement,
    double FleissKappa,
    double KrippendorffAlpha,
    IReadOnlyList<PairAgreement> Pairs,
    IReadOnlyList<RaterAgreement> Raters);

/// <summary>Two raters over the items both rated.</summary>
public sealed record PairAgreement(string RaterA, string RaterB, long SharedItems, double PercentAgreement, double CohenKappa);

/// <summary>One rater against the leave-one-out majority of the others on the items they rated.</summary>
public sealed record RaterAgreement(string RaterId, long Ratings, long MajorityCompared, long MajorityAgreed)
{
    public double MajorityAgreement => MajorityCompared == 0 ? double.NaN : (double)MajorityAgreed / MajorityCompared;
}
