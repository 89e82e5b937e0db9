using Feedback.Core.Agreement;

namespace Feedback.UnitTests.Agreement;

public sealed class RatingTableTests
{
    [Fact]
    public void A_rater_is_compared_with_the_majority_of_the_others_not_with_a_majority_including_themself()
    {
        // Item 1: a and b say x, c says y. Item 2: everyone says y. Item 3: a says x, b says y (no majority without a).
        var report = RatingTable.Compute(
        [
            ("1", "a", "x"), ("1", "b", "x"), ("1", "c", "y"),
            ("2", "a", "y"), ("2", "b", "y"), ("2", "c", "y"),
            ("3", "a", "x"), ("3", "b", "y"),
        ], minSharedItems: 1);

        var c = report.Raters.Single(r => r.RaterId == "c");
        c.MajorityCompared.ShouldBe(2);
        c.MajorityAgreed.ShouldBe(1);
        var a = report.Raters.Single(r => r.RaterId == "a");
        a.Ratings.ShouldBe(3);
        a.MajorityCompared.ShouldBe(2, "on item 1 the others are tied 1-1; on item 3 b alone is the majority");
        a.MajorityAgreed.ShouldBe(1);
        report.Pairs.Count.ShouldBe(3);
        report.Pairs.Single(p => p.RaterA == "a" && p.RaterB == "b").SharedItems.ShouldBe(3);
    }

    [Fact]
    public void The_csv_example_of_Krippendorff_gives_the_published_alpha_and_skips_missing_ratings()
    {
        const string csv = """
            item,rater,label
            1,A,1
            1,B,1
            1,C,
            1,D,1
            2,A,2
            2,B,2
            2,C,3
            2,D,2
            3,A,3
            3,B,3
            3,C,3
            3,D,3
            4,A,3
            4,B,3
            4,C,3
            4,D,3
            5,A,2
            5,B,2
            5,C,2
            5,D,2
            6,A,1
            6,B,2
            6,C,3
            6,D,4
            7,A,4
            7,B,4
            7,C,4
            7,D,4
            8,A,1
            8,B,1
            8,C,2
            8,D,1
            9,A,2
            9,B,2
            9,C,2
            9,D,2
            10,B,5
            10,C,5
            10,D,5
            11,C,1
            11,D,1
            12,B,3
            """;

        var read = RatingCsv.Read(new StringReader(csv));
        var report = RatingTable.Compute(read.Ratings);

        read.Errors.ShouldBeEmpty();
        report.KrippendorffAlpha.ShouldBe(0.743, 0.0005);
        report.Items.ShouldBe(11);
    }

    [Fact]
    public void A_malformed_csv_reports_each_bad_line_by_number()
    {
        const string csv = "item,rater,label\n1,a,x\n2,b\n\"3,c,x\n4,,y\n";

        var read = RatingCsv.Read(new StringReader(csv));

        read.Errors.ShouldBe(
        [
            "Line 3: 2 fields where the header has 3.",
            "Line 4: a quoted field is not closed.",
            "Line 5: the item and the rater must not be empty.",
        ]);
    }

    [Fact]
    public void A_header_without_the_three_columns_is_refused()
    {
        RatingCsv.Read(new StringReader("unit,coder,value\n1,a,x\n")).Errors.ShouldHaveSingleItem().ShouldStartWith("Line 1:");
    }

    [Theory]
    [InlineData(50, 100, 0.4038, 0.5962)]
    [InlineData(0, 10, 0.0, 0.2775)]
    public void Wilson_interval_matches_the_textbook_values(long successes, long trials, double low, double high)
    {
        var interval = WilsonInterval.For(successes, trials);

        interval.Low.ShouldBe(low, 0.0005);
        interval.High.ShouldBe(high, 0.0005);
    }
}
