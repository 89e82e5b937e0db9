using Feedback.Jobs.Training;
using static Feedback.Jobs.Training.TrainingOverview;

namespace Feedback.UnitTests.Jobs;

public sealed class RunMetricSeriesTests
{
    [Fact]
    public void Rows_read_later_extend_the_series_and_move_the_read_mark()
    {
        var series = new RunMetricSeries();
        series.Add([new MetricRow(1, "loss", 1, 0.69), new MetricRow(2, "accuracy", 1, 0.5), new MetricRow(3, "loss", 2, 0.6)]);
        series.LastId.ShouldBe(3);

        series.Add([new MetricRow(4, "loss", 3, 0.5), new MetricRow(5, "eval/loss", 3, 0.55)]);

        series.LastId.ShouldBe(5);
        series.ByName["loss"].ShouldBe([new MetricPoint(1, 0.69), new MetricPoint(2, 0.6), new MetricPoint(3, 0.5)]);
        series.ByName["accuracy"].ShouldBe([new MetricPoint(1, 0.5)]);
        series.ByName["eval/loss"].ShouldBe([new MetricPoint(3, 0.55)]);
    }

    [Fact]
    public void The_same_rows_read_twice_are_taken_in_once()
    {
        var series = new RunMetricSeries();
        MetricRow[] rows = [new MetricRow(7, "loss", 1, 0.69), new MetricRow(8, "loss", 2, 0.6)];

        series.Add(rows);
        series.Add(rows);

        series.ByName["loss"].Count.ShouldBe(2);
    }

    [Fact]
    public void A_step_stored_out_of_order_is_placed_by_its_step_and_an_existing_step_keeps_its_value()
    {
        var series = new RunMetricSeries();
        series.Add([new MetricRow(1, "loss", 1, 0.7), new MetricRow(2, "loss", 3, 0.5), new MetricRow(3, "loss", 2, 0.6), new MetricRow(4, "loss", 3, 9)]);

        series.ByName["loss"].ShouldBe([new MetricPoint(1, 0.7), new MetricPoint(2, 0.6), new MetricPoint(3, 0.5)]);
    }
}
