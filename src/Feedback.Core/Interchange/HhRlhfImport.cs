using System.Globalization;
using System.Text.Json;
using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Interchange;

/// <summary>
/// Imports an HH-RLHF style file (JSON Lines, gzipped or not; each line <c>{"chosen": "...", "rejected": "..."}</c>,
/// whole dialogues in <c>\n\nHuman: ... \n\nAssistant: ...</c> form) into a text project as pre-labeled comparisons.
/// Each pair is split at the last assistant turn both dialogues share (<see cref="HhDialogue"/>): the prompt with its
/// earlier turns, and the two answers. The label is kept as a vote by an import account named after the file, which
/// has no password and is locked out, so snapshots, exports and training treat it as any other vote. All or nothing: a file with any bad
/// line adds nothing and reports every problem with its line number.
/// </summary>
public sealed class HhRlhfImport(IDbContextFactory<FeedbackDbContext> dbFactory, TimeProvider clock)
{
    public const string SourcePrefix = "hh-rlhf:";
    public const string AccountPrefix = "imported-labels:";
    public const int MaxItems = 200_000;

    private const int ItemsPerSave = 500;

    public async Task<ImportReport> ImportAsync(long projectId, Stream content, string sourceName, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (target, refusal) = await ContentTarget.FindAsync(db, projectId, ct);
        if (target is null)
        {
            return Refused(refusal!);
        }

        if (target.Modality != Modality.Text)
        {
            return Refused("HH-RLHF files hold text dialogues; this is an image project.");
        }

        var (bytes, unreadable) = await ImportFile.ReadAsync(content, ct);
        if (bytes is null)
        {
            return new ImportReport(0, [unreadable!]);
        }

        var (items, errors) = Parse(bytes);
        if (errors.Count > 0)
        {
            return new ImportReport(0, errors);
        }

        if (items.Count == 0)
        {
            return Refused("The file has no pairs.");
        }

        var name = sourceName.Trim();
        var source = (SourcePrefix + name)[..Math.Min(SourcePrefix.Length + name.Length, 200)];
        var now = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var labeller = await LabellerAsync(db, name, now, ct);
            for (var start = 0; start < items.Count; start += ItemsPerSave)
            {
                var batch = items.Skip(start).Take(ItemsPerSave).Select(item => (Item: item, Comparison: Create(projectId, item, source, now))).ToList();
                db.Comparisons.AddRange(batch.Select(b => b.Comparison));
                await db.SaveChangesAsync(ct);
                foreach (var (item, comparison) in batch)
                {
                    var chosen = comparison.Candidates.Single(c => c.Position == item.ChosenPosition).CandidateId;
                    var rejected = comparison.Candidates.Single(c => c.Position != item.ChosenPosition).CandidateId;
                    db.Votes.Add(new Vote
                    {
                        ComparisonId = comparison.Id,
                        RaterId = labeller,
                        ClientVoteId = Guid.NewGuid(),
                        Choice = VoteChoice.Left,
                        ShownOrder = [chosen, rejected],
                        ShownAt = now,
                        AnsweredAt = now,
                    });
                }

                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            await transaction.CommitAsync(ct);
        });
        return new ImportReport(items.Count, []);
    }

    internal sealed record Pair(HhDialogue.Split Split, int ChosenPosition);

    internal static (List<Pair> Items, List<ImportError> Errors) Parse(byte[] content)
    {
        var items = new List<Pair>();
        var errors = new List<ImportError>();
        foreach (var (number, line) in JsonLines.Split(content))
        {
            if (errors.Count >= ContentImport.MaxErrors)
            {
                errors.Add(new ImportError(0, $"Stopped after {ContentImport.MaxErrors} problems; the file may have more."));
                break;
            }

            if (items.Count + errors.Count >= MaxItems)
            {
                errors.Add(new ImportError(0, string.Create(CultureInfo.InvariantCulture, $"The file has more than {MaxItems:N0} pairs; split it into smaller files.")));
                break;
            }

            var (pair, problem) = ParseLine(line);
            if (problem is not null)
            {
                errors.Add(new ImportError(number, problem));
                continue;
            }

            if (LengthProblem(pair!) is { } tooLong)
            {
                errors.Add(new ImportError(number, tooLong));
                continue;
            }

            // Which stored position the chosen answer takes alternates, so "the first candidate" means nothing by itself.
            items.Add(new Pair(pair!, number % 2));
        }

        return (items, errors);
    }

    // The published files hold empty answers (a refusal with no words), so only sizes are checked, not content.
    private static string? LengthProblem(HhDialogue.Split pair) => pair switch
    {
        { Instruction.Length: > ItemRules.MaxPromptLength } => $"The last human turn is longer than {ItemRules.MaxPromptLength} characters.",
        { EarlierTurns.Count: > ItemRules.MaxTurns } => $"The dialogue has more than {ItemRules.MaxTurns} earlier turns.",
        _ when pair.EarlierTurns.Any(t => t.Text.Length > ItemRules.MaxTurnLength) => $"A turn is longer than {ItemRules.MaxTurnLength} characters.",
        _ when Math.Max(pair.Chosen.Length, pair.Rejected.Length) > ItemRules.MaxCandidateTextLength => $"An answer is longer than {ItemRules.MaxCandidateTextLength} characters.",
        _ => null,
    };

    private static (HhDialogue.Split? Pair, string? Problem) ParseLine(ReadOnlyMemory<byte> line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "The line must be a JSON object with \"chosen\" and \"rejected\".");
            }

            string? chosen = null, rejected = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "chosen" when property.Value.ValueKind == JsonValueKind.String && chosen is null:
                        chosen = property.Value.GetString();
                        break;
                    case "rejected" when property.Value.ValueKind == JsonValueKind.String && rejected is null:
                        rejected = property.Value.GetString();
                        break;
                    case "chosen" or "rejected":
                        return (null, $"\"{property.Name}\" must be a string, given once.");
                    default:
                        return (null, $"Unknown property \"{property.Name}\"; a line has \"chosen\" and \"rejected\".");
                }
            }

            if (chosen is null || rejected is null)
            {
                return (null, "The line needs both \"chosen\" and \"rejected\".");
            }

            return HhDialogue.SplitPair(chosen, rejected);
        }
        catch (JsonException e)
        {
            return (null, "The line is not valid JSON: " + e.Message.Split(" LineNumber:")[0]);
        }
    }

    private static Comparison Create(long projectId, Pair pair, string source, DateTimeOffset now)
    {
        var prompt = new Prompt { ProjectId = projectId, Text = pair.Split.Instruction, EarlierTurns = pair.Split.EarlierTurns.ToList(), Source = source, CreatedAt = now };
        string[] texts = pair.ChosenPosition == 0 ? [pair.Split.Chosen, pair.Split.Rejected] : [pair.Split.Rejected, pair.Split.Chosen];
        return new Comparison
        {
            ProjectId = projectId,
            Prompt = prompt,
            CreatedAt = now,
            Candidates = texts.Select((text, position) => new ComparisonCandidate
            {
                Position = position,
                Candidate = new Candidate { Prompt = prompt, Modality = Modality.Text, Text = text, Source = source, CreatedAt = now },
            }).ToList(),
        };
    }

    /// <summary>The account that holds the file's labels: one per file name, without a password and locked out, so nobody logs in as it.</summary>
    private static async Task<string> LabellerAsync(FeedbackDbContext db, string sourceName, DateTimeOffset now, CancellationToken ct)
    {
        var userName = (AccountPrefix + sourceName)[..Math.Min(AccountPrefix.Length + sourceName.Length, 256)];
        var normalized = userName.ToUpperInvariant();
        var existing = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            return existing;
        }

        var account = new FeedbackUser
        {
            UserName = userName,
            NormalizedUserName = normalized,
            DisplayName = "Labels imported from " + sourceName,
            LockoutEnabled = true,
            LockoutEnd = DateTimeOffset.MaxValue,
            SecurityStamp = Guid.NewGuid().ToString(),
            CreatedAt = now,
        };
        db.Users.Add(account);
        await db.SaveChangesAsync(ct);
        return account.Id;
    }

    private static ImportReport Refused(string reason) => new(0, [new ImportError(0, reason)]);
}
