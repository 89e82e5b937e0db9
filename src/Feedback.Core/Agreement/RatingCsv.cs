using System.Text;

namespace Feedback.Core.Agreement;

/// <summary>
/// Reads a CSV of ratings with a header naming the columns <c>item</c>, <c>rater</c> and <c>label</c> (in any order,
/// other columns ignored). A row with an empty label is a missing rating and is skipped. Fields may be quoted, with
/// <c>""</c> for a quote inside; a quoted field may not span lines.
/// </summary>
public static class RatingCsv
{
    public sealed record Result(IReadOnlyList<(string Item, string Rater, string Label)> Ratings, IReadOnlyList<string> Errors);

    public static Result Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var ratings = new List<(string, string, string)>();
        var errors = new List<string>();
        var header = reader.ReadLine();
        if (header is null)
        {
            return new Result(ratings, ["The file is empty; it needs a header with item, rater and label."]);
        }

        var names = Split(header.TrimStart('\uFEFF'), out _).Select(n => n.Trim().ToLowerInvariant()).ToList();
        var (item, rater, label) = (names.IndexOf("item"), names.IndexOf("rater"), names.IndexOf("label"));
        if (item < 0 || rater < 0 || label < 0)
        {
            return new Result(ratings, ["Line 1: the header must name the columns item, rater and label."]);
        }

        var number = 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = Split(line, out var problem);
            if (problem is not null)
            {
                errors.Add($"Line {number}: {problem}");
            }
            else if (fields.Count != names.Count)
            {
                errors.Add($"Line {number}: {fields.Count} fields where the header has {names.Count}.");
            }
            else if (fields[item].Length == 0 || fields[rater].Length == 0)
            {
                errors.Add($"Line {number}: the item and the rater must not be empty.");
            }
            else if (fields[label].Trim().Length > 0)
            {
                ratings.Add((fields[item], fields[rater], fields[label].Trim()));
            }
        }

        return new Result(ratings, errors);
    }

    private static List<string> Split(string line, out string? problem)
    {
        problem = null;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            problem = "a quoted field is not closed.";
        }

        fields.Add(field.ToString());
        return fields;
    }
}
