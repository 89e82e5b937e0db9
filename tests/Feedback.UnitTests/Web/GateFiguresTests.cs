using Feedback.Web.Components.Pages.Training;

namespace Feedback.UnitTests.Web;

public sealed class GateFiguresTests
{
    [Fact]
    public void An_image_gate_shows_the_win_rate_and_adherence_against_the_serving_models()
    {
        var figures = GateFigures.For(new Dictionary<string, double>
        {
            ["gate/win_rate"] = 0.63, ["gate/adherence"] = 0.8412, ["gate/serving_adherence"] = 0.81, ["gate/images"] = 32, ["eval/loss"] = 0.4,
        });

        figures.ShouldBe(["win rate 63.0 %", "adherence 0.841 against 0.810 serving", "32 held-out images"]);
    }

    [Fact]
    public void A_text_gate_shows_the_win_rate_kl_and_length_drift()
    {
        var figures = GateFigures.For(new Dictionary<string, double>
        {
            ["gate/win_rate"] = 0.5, ["gate/kl"] = 3.14159, ["gate/length_drift"] = -0.12, ["gate/answers"] = 16,
        });

        figures.ShouldBe(["win rate 50.0 %", "KL 3.14", "length drift -12.0%", "16 held-out answers"]);
    }

    [Fact]
    public void Metrics_without_a_gate_show_nothing()
    {
        GateFigures.For(new Dictionary<string, double> { ["eval/loss"] = 0.4 }).ShouldBeEmpty();
    }
}
