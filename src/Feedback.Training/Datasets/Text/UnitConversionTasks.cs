using System.Globalization;
using System.Text.RegularExpressions;

namespace Feedback.Training.Datasets.Text;

/// <summary>
/// Converting lengths, masses, times and temperatures, with amounts chosen so the exact answer is short.
/// Wrong answers use a plausible wrong factor, or slip on the offset between the temperature scales.
/// </summary>
internal static partial class UnitConversionTasks
{
    /// <summary>Amounts asked about are <see cref="Step"/> times 1 to <see cref="MaxSteps"/>.</summary>
    private sealed record Conversion(
        string Question, string Answer, Func<decimal, decimal> Right, Func<decimal, decimal> Wrong, decimal Step, int MaxSteps, FollowUp? Next = null);

    /// <summary>A further conversion of the answer, as in "And what is that in milligrams?".</summary>
    private sealed record FollowUp(string Question, string Answer, Func<decimal, decimal> Right, Func<decimal, decimal> Wrong);

    private static readonly Conversion[] Linear =
    [
        new("How many meters are in {0} km?", "{0} km is {1} meters.", x => x * 1000, x => x * 100, 0.5m, 40,
            new FollowUp("And what is that in centimeters?", "{1} meters is {2} centimeters.", x => x * 100, x => x * 10)),
        new("How many kilometers is {0} meters?", "{0} meters is {1} km.", x => x / 1000, x => x / 100, 500m, 40),
        new("How many grams are in {0} kg?", "{0} kg is {1} grams.", x => x * 1000, x => x * 100, 0.5m, 40,
            new FollowUp("And what is that in milligrams?", "{1} grams is {2} milligrams.", x => x * 1000, x => x * 100)),
        new("How many kilograms is {0} grams?", "{0} grams is {1} kg.", x => x / 1000, x => x / 100, 250m, 40),
        new("How many minutes are in {0} hours?", "{0} hours is {1} minutes.", x => x * 60, x => x * 100, 0.5m, 24,
            new FollowUp("And how many seconds is that?", "{1} minutes is {2} seconds.", x => x * 60, x => x * 100)),
        new("How many hours is {0} minutes?", "{0} minutes is {1} hours.", x => x / 60, x => x / 100, 30m, 24),
    ];

    public static TaskDraft Draft(Random rng)
    {
        if (rng.Next(4) == 0)
        {
            return Temperature(rng);
        }

        var conversion = rng.Pick(Linear);
        var amount = conversion.Step * rng.Next(1, conversion.MaxSteps + 1);
        var result = conversion.Right(amount);
        var prompt = Format(conversion.Question, amount);
        var right = Format(conversion.Answer, amount, result);
        if (conversion.Next is not { } next || !rng.Chance(TaskDraft.FollowUpRate))
        {
            return new TaskDraft(prompt, right, Format(conversion.Answer, amount, conversion.Wrong(amount)));
        }

        return TaskDraft.FollowUp(
            prompt,
            right,
            next.Question,
            Format(next.Answer, amount, result, next.Right(result)),
            Format(next.Answer, amount, result, next.Wrong(result)));
    }

    // Celsius in steps of five, Fahrenheit in steps of nine from freezing: both convert to whole numbers.
    private static TaskDraft Temperature(Random rng)
    {
        var steps = rng.Next(-4, 21);
        var (celsius, fahrenheit) = (5 * steps, 32 + (9 * steps));
        if (rng.Next(2) == 0)
        {
            // Slips: scaling without adding 32, or the "double it and add 30" rule of thumb.
            var ruleOfThumb = (2 * celsius) + 30;
            var wrong = ruleOfThumb != fahrenheit && rng.Next(2) == 0 ? ruleOfThumb : 9 * steps;
            const string Answer = "{0} degrees Celsius is {1} degrees Fahrenheit.";
            return new TaskDraft(
                Format("What is {0} degrees Celsius in Fahrenheit?", celsius),
                Format(Answer, celsius, fahrenheit),
                Format(Answer, celsius, wrong));
        }

        // Slip: subtracting 32 but forgetting to scale by 5/9.
        var wrongCelsius = fahrenheit - 32 != celsius ? fahrenheit - 32 : celsius + 5;
        const string Back = "{0} degrees Fahrenheit is {1} degrees Celsius.";
        return new TaskDraft(
            Format("What is {0} degrees Fahrenheit in Celsius?", fahrenheit),
            Format(Back, fahrenheit, celsius),
            Format(Back, fahrenheit, wrongCelsius));
    }

    private static string Format(string template, params object[] values) =>
        SingleHour().Replace(string.Format(CultureInfo.InvariantCulture, template, values.Select(Number).ToArray()), "1 hour");

    [GeneratedRegex(@"\b1 hours\b")]
    private static partial Regex SingleHour();

    // Decimals print without trailing zeros or group separators: 2.5, 1500, 0.75.
    private static object Number(object value) =>
        value is decimal d ? d.ToString("0.####", CultureInfo.InvariantCulture) : value;
}
