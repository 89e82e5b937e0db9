using System.Globalization;
using Feedback.Training.Images.Training;
using Feedback.Training.Text.Training;

namespace Feedback.Jobs.Commands;

/// <summary>A one-line progress bar for training commands; held-out losses are printed on lines of their own.</summary>
internal sealed class ConsoleProgressBar : IProgress<TextTrainingProgress>, IProgress<ImageTrainingProgress>
{
    private const int Width = 30;

    public void Report(TextTrainingProgress value)
    {
        var filled = (int)Math.Round(Width * (double)value.Step / value.Steps);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {value.Step}/{value.Steps}  loss {value.Loss:F3}  lr {value.LearningRate:E1}  {value.TokensPerSecond:F0} tok/s");
        if (value.NonFiniteSteps > 0)
        {
            line += $"  skipped {value.NonFiniteSteps}";
        }

        Console.Write(line);
        if (value.HeldOutLoss is { } heldOut)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  held-out {heldOut:F3}"));
        }
    }

    public void Report(ImageTrainingProgress value)
    {
        var filled = (int)Math.Round(Width * (double)value.Step / value.Steps);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {value.Step}/{value.Steps}  loss {value.Loss:F4}  lr {value.LearningRate:E1}  {value.ImagesPerSecond:F0} img/s");
        Console.Write(value.NonFiniteSteps > 0 ? $"{line}  skipped {value.NonFiniteSteps}" : line);
        if (value.HeldOutLoss is { } heldOut)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  held-out {heldOut:F4}"));
        }
    }
}
