using System.Globalization;

namespace Feedback.Training.Datasets.Text;

/// <summary>Adding, subtracting and multiplying small numbers; wrong answers are off by one, by ten, or by a row of the times table.</summary>
internal static class ArithmeticTasks
{
    private enum Operation
    {
        Add,
        Subtract,
        Multiply,
    }

    private static readonly Dictionary<Operation, string[]> Questions = new()
    {
        [Operation.Add] = ["What is {0} + {1}?", "Please add {0} and {1}.", "What is the sum of {0} and {1}?"],
        [Operation.Subtract] = ["What is {0} - {1}?", "What do you get if you subtract {1} from {0}?", "What is {0} minus {1}?"],
        [Operation.Multiply] = ["What is {0} times {1}?", "Multiply {0} by {1}.", "What is {0} * {1}?"],
    };

    private static readonly Dictionary<Operation, string[]> FollowUps = new()
    {
        [Operation.Add] = ["And if you add {0} to that?", "Now add {0} to the result."],
        [Operation.Subtract] = ["And if you subtract {0} from that?", "Now take {0} away from the result."],
        [Operation.Multiply] = ["And if you multiply that by {0}?", "Now multiply the result by {0}."],
    };

    public static TaskDraft Draft(Random rng)
    {
        var operation = (Operation)rng.Next(3);
        var (a, b) = Operands(operation, rng);
        var prompt = Format(rng.Pick(Questions[operation]), a, b);
        var asEquation = rng.Next(2) == 0;
        var right = Answer(operation, a, b, Apply(operation, a, b), asEquation);
        if (!rng.Chance(TaskDraft.FollowUpRate))
        {
            return new TaskDraft(prompt, right, Answer(operation, a, b, WrongResult(operation, a, b, rng), asEquation));
        }

        var first = Apply(operation, a, b);
        var next = (Operation)rng.Next(3);
        var c = next switch
        {
            Operation.Multiply => rng.Next(2, 6),
            Operation.Subtract => rng.Next(1, Math.Max(2, Math.Min(first, 20))),
            _ => rng.Next(2, 20),
        };
        return TaskDraft.FollowUp(
            prompt,
            right,
            Format(rng.Pick(FollowUps[next]), c),
            Answer(next, first, c, Apply(next, first, c), asEquation: true),
            Answer(next, first, c, WrongResult(next, first, c, rng), asEquation: true));
    }

    private static (int A, int B) Operands(Operation operation, Random rng)
    {
        switch (operation)
        {
            case Operation.Multiply:
                return (rng.Next(2, 13), rng.Next(2, 13));
            case Operation.Subtract:
                var a = rng.Next(10, 100);
                return (a, rng.Next(2, a));
            default:
                return (rng.Next(2, 100), rng.Next(2, 100));
        }
    }

    private static int Apply(Operation operation, int a, int b) => operation switch
    {
        Operation.Add => a + b,
        Operation.Subtract => a - b,
        _ => a * b,
    };

    // Plausible slips: a carry or borrow missed (one or ten off), or one row too many or few of the times table.
    private static int WrongResult(Operation operation, int a, int b, Random rng)
    {
        var right = Apply(operation, a, b);
        int[] slips = operation == Operation.Multiply ? [a, -a, b, -b] : [1, -1, 10, -10];
        var wrong = slips.Select(s => right + s).Where(w => w > 0 && w != right).ToArray();
        return rng.Pick(wrong);
    }

    private static string Answer(Operation operation, int a, int b, int result, bool asEquation)
    {
        var symbol = operation switch
        {
            Operation.Add => "+",
            Operation.Subtract => "-",
            _ => "x",
        };
        return asEquation
            ? string.Create(CultureInfo.InvariantCulture, $"{a} {symbol} {b} = {result}.")
            : string.Create(CultureInfo.InvariantCulture, $"The answer is {result}.");
    }

    private static string Format(string template, params object[] values) => string.Format(CultureInfo.InvariantCulture, template, values);
}
