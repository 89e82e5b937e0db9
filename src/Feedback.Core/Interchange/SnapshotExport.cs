using System.Text.Encodings.Web;
using System.Text.Json;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Training.Snapshots;
using Microsoft.EntityFrameworkCore;
using Parquet.Serialization;

namespace Feedback.Core.Interchange;

/// <summary>
/// Writes a snapshot as preference pairs for DPO: JSON Lines or Parquet, one <see cref="DpoRecord"/> per pair of
/// candidates in a comparison, chosen by the majority of the snapshot's votes on it. Pairs whose votes are evenly
/// split (or all ties) have no chosen answer and are left out. Records come in comparison and candidate order, votes in
/// vote order, so a snapshot always exports to the same bytes.
/// </summary>
public sealed class SnapshotExport(IDbContextFactory<FeedbackDbContext> dbFactory)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public sealed record Summary(int Pairs, int Undecided);

    public async Task<Summary> WriteJsonlAsync(long snapshotId, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var (records, undecided) = await RecordsAsync(snapshotId, ct);
        foreach (var record in records)
        {
            await JsonSerializer.SerializeAsync(output, record, Json, ct);
            await output.WriteAsync(NewLine, ct);
        }

        return new Summary(records.Count, undecided);
    }

    public async Task<Summary> WriteParquetAsync(long snapshotId, Stream output, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var (records, undecided) = await RecordsAsync(snapshotId, ct);
        await ParquetSerializer.SerializeAsync(records, output, cancellationToken: ct);
        return new Summary(records.Count, undecided);
    }

    public async Task<(List<DpoRecord> Records, int Undecided)> RecordsAsync(long snapshotId, CancellationToken ct = default)
    {
        var pairs = await SnapshotPairs.LoadAsync(dbFactory, snapshotId, ct);
        var records = new List<DpoRecord>();
        var undecided = 0;
        var groups = pairs
            .GroupBy(p => (p.ComparisonId, Low: Math.Min(p.ChosenCandidateId, p.RejectedCandidateId), High: Math.Max(p.ChosenCandidateId, p.RejectedCandidateId)))
            .OrderBy(g => g.Key.ComparisonId).ThenBy(g => g.Key.Low).ThenBy(g => g.Key.High);
        foreach (var group in groups)
        {
            var decisive = group.Where(p => !p.IsTie && !p.IsBothBad).ToList();
            var lowWins = decisive.Count(p => p.ChosenCandidateId == group.Key.Low);
            var highWins = decisive.Count - lowWins;
            if (lowWins == highWins)
            {
                undecided++;
                continue;
            }

            var winner = lowWins > highWins ? group.Key.Low : group.Key.High;
            records.Add(ToRecord(group.OrderBy(p => p.VoteId).ToList(), winner));
        }

        return (records, undecided);
    }

    private static DpoRecord ToRecord(List<SnapshotPair> votes, long winner)
    {
        var first = votes[0];
        var chosenIsFirstChosen = first.ChosenCandidateId == winner;
        var (chosenText, rejectedText) = chosenIsFirstChosen ? (first.ChosenText, first.RejectedText) : (first.RejectedText, first.ChosenText);
        var (chosenImage, rejectedImage) = chosenIsFirstChosen ? (first.ChosenImagePath, first.RejectedImagePath) : (first.RejectedImagePath, first.ChosenImagePath);
        var loser = chosenIsFirstChosen ? first.RejectedCandidateId : first.ChosenCandidateId;
        var record = new DpoRecord
        {
            ComparisonId = first.ComparisonId,
            Prompt = HhDialogue.RenderPrompt(first.EarlierTurns, first.PromptText),
            Chosen = HhDialogue.RenderAnswer(chosenText ?? ""),
            Rejected = HhDialogue.RenderAnswer(rejectedText ?? ""),
            Instruction = first.PromptText,
            Turns = first.EarlierTurns.Select(t => new DpoTurn { Role = t.Role, Text = t.Text }).ToList(),
            ChosenCandidateId = winner,
            RejectedCandidateId = loser,
            ChosenText = chosenText,
            RejectedText = rejectedText,
            ChosenImage = chosenImage,
            RejectedImage = rejectedImage,
            Split = first.Split == SnapshotSplit.HeldOut ? "held_out" : "train",
        };
        foreach (var vote in votes)
        {
            var preferred = vote switch
            {
                { IsTie: true } => "tie",
                { IsBothBad: true } => "both_bad",
                _ when vote.ChosenCandidateId == winner => "chosen",
                _ => "rejected",
            };
            switch (preferred)
            {
                case "tie": record.Ties++; break;
                case "both_bad": record.BothBad++; break;
                case "chosen": record.VotesForChosen++; break;
                default: record.VotesForRejected++; break;
            }

            record.Votes.Add(new DpoVote
            {
                VoteId = vote.VoteId,
                RaterId = vote.RaterId,
                Preferred = preferred,
                ShownLeft = vote.LeftCandidateId is not { } left ? "" : left == winner ? "chosen" : "rejected",
                Strength = vote.Strength?.ToString(),
            });
        }

        record.Agreement = Math.Round((double)record.VotesForChosen / votes.Count, 6);
        return record;
    }
}
