using Feedback.Core.Domain;
using Feedback.Jobs.Training;
using Feedback.Jobs.Training.Images;

namespace Feedback.UnitTests.Jobs;

public sealed class GateReportTests
{
    [Fact]
    public void A_win_rate_just_under_the_threshold_is_not_reported_as_equal_to_it()
    {
        var report = new GateReport(Answers: 32, Wins: 17, Losses: 14, Ties: 1, Kl: 2, CandidateMeanLength: 100, ServingMeanLength: 100);

        report.Failures(new GateSettings { MinWinRate = 0.55 }).ShouldBe(["win rate 54.7 % is below 55.0 %"]);
    }

    [Fact]
    public void A_length_drift_just_past_the_limit_is_not_reported_as_equal_to_it()
    {
        var report = new GateReport(Answers: 32, Wins: 32, Losses: 0, Ties: 0, Kl: 2, CandidateMeanLength: 49.6, ServingMeanLength: 100);

        report.Failures(new GateSettings { MaxLengthDrift = 0.5 }).ShouldBe(["length drift -50.4% is beyond ±50.0 %"]);
    }

    [Fact]
    public void An_image_gate_reports_its_win_rate_to_a_tenth_of_a_percent()
    {
        var report = new ImageGateReport(Images: 32, Wins: 17, Losses: 14, Ties: 1, CandidateAdherence: 0.8, ServingAdherence: 0.8);

        report.Failures(new GateSettings { MinWinRate = 0.55 }).ShouldBe(["win rate 54.7 % is below 55.0 %"]);
        report.Summary().ShouldStartWith("reward-model win rate 54.7 % (17 wins, 14 losses, 1 ties over 32 held-out images)");
    }
}
