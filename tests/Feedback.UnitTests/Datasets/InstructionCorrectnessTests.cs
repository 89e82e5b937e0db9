using System.Globalization;
using System.Text.RegularExpressions;
using Feedback.Training.Datasets.Text;

namespace Feedback.UnitTests.Datasets;

/// <summary>Recomputes arithmetic and conversions from the prompts and checks the numbers the answers give.</summary>
public sealed partial class InstructionCorrectnessTests
{
    private static readonly IReadOnlyList<InstructionExample> Examples = InstructionCorpus.Generate(3000, seed: 21).ToList();

    private static readonly (Regex Pattern, Func<decimal, decimal, decimal> Solve)[] Arithmetic =
    [
        (new(@"^What is (\d+) \+ (\d+)\?$"), (a, b) => a + b),
        (new(@"^Please add (\d+) and (\d+)\.$"), (a, b) => a + b),
        (new(@"^What is the sum of (\d+) and (\d+)\?$"), (a, b) => a + b),
        (new(@"^What is (\d+) - (\d+)\?$"), (a, b) => a - b),
        (new(@"^What do you get if you subtract (\d+) from (\d+)\?$"), (b, a) => a - b),
        (new(@"^What is (\d+) minus (\d+)\?$"), (a, b) => a - b),
        (new(@"^What is (\d+) times (\d+)\?$"), (a, b) => a * b),
        (new(@"^Multiply (\d+) by (\d+)\.$"), (a, b) => a * b),
        (new(@"^What is (\d+) \* (\d+)\?$"), (a, b) => a * b),
    ];

    private static readonly (Regex Pattern, Func<decimal, decimal, decimal> Solve)[] ArithmeticFollowUps =
    [
        (new(@"^And if you add (\d+) to that\?$"), (c, previous) => previous + c),
        (new(@"^Now add (\d+) to the result\.$"), (c, previous) => previous + c),
        (new(@"^And if you subtract (\d+) from that\?$"), (c, previous) => previous - c),
        (new(@"^Now take (\d+) away from the result\.$"), (c, previous) => previous - c),
        (new(@"^And if you multiply that by (\d+)\?$"), (c, previous) => previous * c),
        (new(@"^Now multiply the result by (\d+)\.$"), (c, previous) => previous * c),
    ];

    private static readonly (Regex Pattern, Func<decimal, decimal> Convert)[] Conversions =
    [
        (new(@"^How many meters are in ([\d.]+) km\?$"), x => x * 1000),
        (new(@"^How many kilometers is ([\d.]+) meters\?$"), x => x / 1000),
        (new(@"^How many grams are in ([\d.]+) kg\?$"), x => x * 1000),
        (new(@"^How many kilograms is ([\d.]+) grams\?$"), x => x / 1000),
        (new(@"^How many minutes are in ([\d.]+) hours?\?$"), x => x * 60),
        (new(@"^How many hours is ([\d.]+) minutes\?$"), x => x / 60),
        (new(@"^What is (-?\d+) degrees Celsius in Fahrenheit\?$"), c => (c * 9 / 5) + 32),
        (new(@"^What is (-?\d+) degrees Fahrenheit in Celsius\?$"), f => (f - 32) * 5 / 9),
    ];

    private static readonly Dictionary<string, decimal> ConversionFollowUps = new()
    {
        ["And what is that in centimeters?"] = 100,
        ["And what is that in milligrams?"] = 1000,
        ["And how many seconds is that?"] = 60,
    };

    [Fact]
    public void Correct_arithmetic_answers_give_the_right_result_and_incorrect_ones_another()
    {
        var checkedCount = CheckFamily(InstructionFamilies.Arithmetic, Solve);

        checkedCount.ShouldBeGreaterThan(400);
    }

    [Fact]
    public void Correct_conversions_give_the_exact_amount_and_incorrect_ones_another()
    {
        var checkedCount = CheckFamily(InstructionFamilies.Units, Convert);

        checkedCount.ShouldBeGreaterThan(400);
    }

    private static int CheckFamily(string family, Func<InstructionExample, decimal> expected)
    {
        var examples = Examples.Where(e => e.Family == family).ToList();
        examples.ShouldContain(e => e.EarlierTurns.Count > 0);
        foreach (var example in examples)
        {
            var result = expected(example);
            foreach (var answer in example.Variants.Where(v => v.Quality.OnTopic))
            {
                var stated = LastNumber(answer.Text);
                if (answer.Quality.Correct)
                {
                    stated.ShouldBe(result, $"{example.Prompt} -> {answer.Text}");
                }
                else
                {
                    stated.ShouldNotBe(result, $"{example.Prompt} -> {answer.Text}");
                }
            }
        }

        return examples.Count;
    }

    private static decimal Solve(InstructionExample example)
    {
        if (example.EarlierTurns.Count == 0)
        {
            return Match(Arithmetic, example.Prompt);
        }

        var previous = Match(Arithmetic, example.EarlierTurns[0].Text);
        LastNumber(example.EarlierTurns[1].Text).ShouldBe(previous);
        var (pattern, solve) = ArithmeticFollowUps.Single(f => f.Pattern.IsMatch(example.Prompt));
        return solve(Number(pattern.Match(example.Prompt).Groups[1].Value), previous);
    }

    private static decimal Convert(InstructionExample example)
    {
        if (example.EarlierTurns.Count == 0)
        {
            return ConvertPrompt(example.Prompt);
        }

        var previous = ConvertPrompt(example.EarlierTurns[0].Text);
        LastNumber(example.EarlierTurns[1].Text).ShouldBe(previous);
        return previous * ConversionFollowUps[example.Prompt];
    }

    private static decimal ConvertPrompt(string prompt)
    {
        var (pattern, convert) = Conversions.Single(c => c.Pattern.IsMatch(prompt));
        return convert(Number(pattern.Match(prompt).Groups[1].Value));
    }

    private static decimal Match((Regex Pattern, Func<decimal, decimal, decimal> Solve)[] patterns, string prompt)
    {
        var (pattern, solve) = patterns.Single(p => p.Pattern.IsMatch(prompt));
        var match = pattern.Match(prompt);
        return solve(Number(match.Groups[1].Value), Number(match.Groups[2].Value));
    }

    private static decimal LastNumber(string text) => Number(NumberPattern().Matches(text)[^1].Value);

    private static decimal Number(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"-?\d+(\.\d+)?")]
    private static partial Regex NumberPattern();
}
