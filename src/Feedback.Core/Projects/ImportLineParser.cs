using System.Text.Json;
using Feedback.Core.Domain;

namespace Feedback.Core.Projects;

/// <summary>
/// Reads one line of an import file into an item, strictly: every property must be a known one, given once, with the
/// right type. Whether the item itself is acceptable is <see cref="ItemRules"/>' business.
/// </summary>
internal static class ImportLineParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8 };

    /// <summary>The item on this line, or (with a null item) every problem that stopped it being read.</summary>
    public static (NewItem? Item, IReadOnlyList<string> Problems) Parse(ReadOnlyMemory<byte> line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, Options);
        }
        catch (JsonException e)
        {
            return (null, [NotJson(e)]);
        }

        using (document)
        {
            var problems = new List<string>();
            var item = ReadItem(document.RootElement, problems);
            return (problems.Count == 0 ? item : null, problems);
        }
    }

    private static NewItem ReadItem(JsonElement line, List<string> problems)
    {
        var item = new NewItem();
        if (line.ValueKind != JsonValueKind.Object)
        {
            problems.Add("The line must be a JSON object.");
            return item;
        }

        var seen = Properties(line, "The line", problems).ToDictionary(p => p.Name, p => p.Value);
        foreach (var name in seen.Keys.Except(["prompt", "turns", "candidates"]))
        {
            problems.Add($"Unknown property {Quote(name)}; a line has \"prompt\", \"turns\" and \"candidates\".");
        }

        if (!seen.TryGetValue("prompt", out var prompt))
        {
            problems.Add("The line has no \"prompt\".");
        }
        else if (prompt.ValueKind != JsonValueKind.String)
        {
            problems.Add("\"prompt\" must be a string.");
        }
        else
        {
            item.Prompt = prompt.GetString()!;
        }

        if (seen.TryGetValue("turns", out var turns))
        {
            ReadTurns(turns, item.EarlierTurns, problems);
        }

        // A line without candidates is a prompt for the serving model to answer.
        if (seen.TryGetValue("candidates", out var candidates))
        {
            ReadCandidates(candidates, item.Candidates, problems);
        }

        return item;
    }

    private static void ReadTurns(JsonElement turns, List<DialogueTurn> into, List<string> problems)
    {
        if (turns.ValueKind != JsonValueKind.Array)
        {
            problems.Add("\"turns\" must be an array of {\"role\": ..., \"text\": ...} objects.");
            return;
        }

        var number = 0;
        foreach (var turn in turns.EnumerateArray())
        {
            var owner = $"Turn {++number}";
            if (turn.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{owner} must be an object with \"role\" and \"text\".");
                continue;
            }

            string? role = null, text = null;
            foreach (var (name, value) in Properties(turn, owner, problems))
            {
                switch (name)
                {
                    case "role":
                        role = ReadString(value, owner, name, problems);
                        break;
                    case "text":
                        text = ReadString(value, owner, name, problems);
                        break;
                    default:
                        problems.Add($"{owner} has an unknown property {Quote(name)}; a turn has \"role\" and \"text\".");
                        break;
                }
            }

            RequirePresent(role, turn, owner, "role", problems);
            RequirePresent(text, turn, owner, "text", problems);
            into.Add(new DialogueTurn(role ?? "", text ?? ""));
        }
    }

    private static void ReadCandidates(JsonElement candidates, List<NewCandidate> into, List<string> problems)
    {
        if (candidates.ValueKind != JsonValueKind.Array)
        {
            problems.Add("\"candidates\" must be an array.");
            return;
        }

        var number = 0;
        foreach (var candidate in candidates.EnumerateArray())
        {
            var owner = $"Candidate {++number}";
            switch (candidate.ValueKind)
            {
                case JsonValueKind.String:
                    into.Add(NewCandidate.FromText(candidate.GetString()!));
                    break;
                case JsonValueKind.Object:
                    if (ReadCandidateObject(candidate, owner, problems) is { } read)
                    {
                        into.Add(read);
                    }

                    break;
                default:
                    problems.Add($"{owner} must be a string or an object with \"text\" or \"image_base64\".");
                    break;
            }
        }
    }

    private static NewCandidate? ReadCandidateObject(JsonElement candidate, string owner, List<string> problems)
    {
        string? text = null;
        byte[]? png = null;
        var known = true;
        foreach (var (name, value) in Properties(candidate, owner, problems))
        {
            switch (name)
            {
                case "text":
                    text = ReadString(value, owner, name, problems);
                    break;
                case "image_base64" when value.ValueKind != JsonValueKind.String:
                    problems.Add($"{owner}'s \"image_base64\" must be a string.");
                    break;
                case "image_base64" when !value.TryGetBytesFromBase64(out png):
                    problems.Add($"{owner}'s \"image_base64\" is not valid base64.");
                    break;
                case "image_base64":
                    break;
                default:
                    known = false;
                    problems.Add($"{owner} has an unknown property {Quote(name)}; a candidate has \"text\" or \"image_base64\".");
                    break;
            }
        }

        if (known && !candidate.TryGetProperty("text", out _) && !candidate.TryGetProperty("image_base64", out _))
        {
            problems.Add($"{owner} has neither \"text\" nor \"image_base64\".");
        }

        return text is null && png is null ? null : new NewCandidate(text, png);
    }

    /// <summary>The object's properties, each name once; a repeated name is a problem.</summary>
    private static IEnumerable<(string Name, JsonElement Value)> Properties(JsonElement json, string owner, List<string> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            if (seen.Add(property.Name))
            {
                yield return (property.Name, property.Value);
            }
            else
            {
                problems.Add($"{owner} has {Quote(property.Name)} more than once.");
            }
        }
    }

    private static string? ReadString(JsonElement value, string owner, string name, List<string> problems)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        problems.Add($"{owner}'s {Quote(name)} must be a string.");
        return null;
    }

    private static void RequirePresent(string? read, JsonElement json, string owner, string name, List<string> problems)
    {
        if (read is null && !json.TryGetProperty(name, out _))
        {
            problems.Add($"{owner} has no {Quote(name)}.");
        }
    }

    private static string Quote(string name) => $"\"{(name.Length > 40 ? name[..40] + "…" : name)}\"";

    private static string NotJson(JsonException e)
    {
        // The reader's message ends with its own line and byte counts, which mean nothing to someone reading the file.
        var reason = e.Message;
        var where = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (where > 0)
        {
            reason = reason[..where];
        }

        return e.BytePositionInLine is { } position
            ? $"The line is not valid JSON (at character {position + 1}): {reason}"
            : $"The line is not valid JSON: {reason}";
    }
}
