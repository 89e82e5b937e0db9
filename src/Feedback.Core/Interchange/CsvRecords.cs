using System.Text;

namespace Feedback.Core.Interchange;

/// <summary>
/// RFC 4180 CSV: fields separated by commas, quoted with <c>"</c> when they hold commas, quotes (doubled) or line breaks.
/// Each record comes with the line it starts on; a record with an unclosed quote is reported, not guessed at.
/// </summary>
internal static class CsvRecords
{
    public static IEnumerable<(int Line, List<string>? Fields, string? Problem)> Read(string text)
    {
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
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
                        line += c == '\n' ? 1 : 0;
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
                else if (c == '\n')
                {
                    i++;
                    line++;
                    break;
                }
                else if (c != '\r')
                {
                    field.Append(c);
                }

            }

            fields.Add(field.ToString());
            if (quoted)
            {
                yield return (start, null, "a quoted field is not closed.");
                yield break;
            }

            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            yield return (start, fields, null);
        }
    }
}
