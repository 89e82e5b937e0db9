using System.Globalization;

namespace Feedback.Training.Datasets.Text;

/// <summary>Questions from <see cref="FactTable"/>; a wrong answer gives another row's value, and in a follow-up often the previous one's.</summary>
internal static class FactTasks
{
    public static TaskDraft Draft(Random rng)
    {
        var category = rng.Pick(FactTable.Categories);
        var index = rng.Next(category.Rows.Count);
        var row = category.Rows[index];
        var prompt = Format(category.Question, row);
        var right = Format(category.Answer, row);
        if (category.FollowUp is null || !rng.Chance(TaskDraft.FollowUpRate))
        {
            return new TaskDraft(prompt, right, Format(category.Answer, WithWrongValue(category, row, rng)));
        }

        var next = rng.PickOther(category.Rows, index);
        // Repeating the earlier answer is the characteristic slip of a follow-up.
        var wrongValue = rng.Next(2) == 0 ? row[^1] : WithWrongValue(category, next, rng)[^1];
        return TaskDraft.FollowUp(
            prompt,
            right,
            Format(category.FollowUp, next),
            Format(category.Answer, next),
            Format(category.Answer, [.. next[..^1], wrongValue]));
    }

    private static string[] WithWrongValue(FactTable.Category category, string[] row, Random rng)
    {
        var others = category.Rows.Select(r => r[^1]).Distinct().Where(v => v != row[^1]).ToArray();
        return [.. row[..^1], rng.Pick(others)];
    }

    private static string Format(string template, string[] fields) => string.Format(CultureInfo.InvariantCulture, template, fields);
}
