using Feedback.Core.Agreement;

namespace Feedback.UnitTests.Agreement;

public sealed class ItemAgreementTests
{
    // Fleiss (1971) as worked on Wikipedia's "Fleiss' kappa" page: 10 subjects, 14 raters each, 5 categories.
    private static readonly int[][] FleissExample =
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ];

    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers, twelve units,
    // values 1 to 5, missing data (null). Rows are observers A to D, columns units 1 to 12.
    private static readonly int?[][] KrippendorffExample =
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
        [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    ];

    [Fact]
    public void Fleiss_kappa_of_the_published_example_is_0_210()
    {
        var agreement = new ItemAgreement(5);
        foreach (var item in FleissExample)
        {
            agreement.Add(item);
        }

        agreement.FleissKappa.ShouldBe(0.210, 0.0005);
        agreement.PercentAgreement.ShouldBe(0.378, 0.0005);
        agreement.ChanceAgreement.ShouldBe(0.213, 0.0005);
    }

    [Fact]
    public void Krippendorff_alpha_nominal_of_the_published_example_with_missing_data_is_0_743()
    {
        var agreement = new ItemAgreement(5);
        for (var unit = 0; unit < 12; unit++)
        {
            var counts = new int[5];
            foreach (var observer in KrippendorffExample)
            {
                if (observer[unit] is { } value)
                {
                    counts[value - 1]++;
                }
            }

            agreement.Add(counts);
        }

        agreement.KrippendorffAlpha.ShouldBe(0.743, 0.0005);
        agreement.Items.ShouldBe(11, "the twelfth unit has one value and cannot be paired");
        agreement.Ratings.ShouldBe(40);
    }

    [Fact]
    public void Perfect_agreement_on_varied_labels_gives_kappa_and_alpha_of_one()
    {
        var agreement = new ItemAgreement(2);
        agreement.Add([3, 0]);
        agreement.Add([0, 3]);
        agreement.Add([2, 0]);

        agreement.PercentAgreement.ShouldBe(1);
        agreement.FleissKappa.ShouldBe(1, 1e-12);
        agreement.KrippendorffAlpha.ShouldBe(1, 1e-12);
    }

    [Fact]
    public void Items_with_fewer_than_two_ratings_change_nothing()
    {
        var agreement = new ItemAgreement(2);
        agreement.Add([1, 0]);
        agreement.Add([0, 0]);

        agreement.Items.ShouldBe(0);
        double.IsNaN(agreement.FleissKappa).ShouldBeTrue();
        double.IsNaN(agreement.KrippendorffAlpha).ShouldBeTrue();
    }
}
