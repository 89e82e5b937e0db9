using System.Text.Json.Serialization;

namespace Feedback.Core.Interchange;

/// <summary>
/// One preference pair of an exported snapshot: the prompt, the answer the snapshot's votes prefer and the other one,
/// with every raw vote on the pair and how far they agree. <see cref="Prompt"/> is the dialogue in HH form ending with
/// <c>"\n\nAssistant:"</c>, and <see cref="Chosen"/> and <see cref="Rejected"/> continue it, as DPO trainers expect;
/// <see cref="Instruction"/>, <see cref="Turns"/> and the texts give the same content unrendered.
/// </summary>
public sealed class DpoRecord
{
    [JsonPropertyName("comparison_id")]
    public long ComparisonId { get; set; }
    [JsonPropertyName("prompt")]
    public string Prompt { get; set; } = "";
    [JsonPropertyName("chosen")]
    public string Chosen { get; set; } = "";
    [JsonPropertyName("rejected")]
    public string Rejected { get; set; } = "";
    [JsonPropertyName("instruction")]
    public string Instruction { get; set; } = "";
    [JsonPropertyName("turns")]
    public List<DpoTurn> Turns { get; set; } = [];
    [JsonPropertyName("chosen_candidate_id")]
    public long ChosenCandidateId { get; set; }
    [JsonPropertyName("rejected_candidate_id")]
    public long RejectedCandidateId { get; set; }
    [JsonPropertyName("chosen_text")]
    public string? ChosenText { get; set; }
    [JsonPropertyName("rejected_text")]
    public string? RejectedText { get; set; }
    [JsonPropertyName("chosen_image")]
    public string? ChosenImage { get; set; }
    [JsonPropertyName("rejected_image")]
    public string? RejectedImage { get; set; }

    /// <summary>"train" or "held_out", from the snapshot's split.</summary>
    [JsonPropertyName("split")]
    public string Split { get; set; } = "train";

    [JsonPropertyName("votes_for_chosen")]
    public int VotesForChosen { get; set; }
    [JsonPropertyName("votes_for_rejected")]
    public int VotesForRejected { get; set; }
    [JsonPropertyName("ties")]
    public int Ties { get; set; }
    [JsonPropertyName("both_bad")]
    public int BothBad { get; set; }

    /// <summary>Share of the pair's votes that prefer the chosen answer.</summary>
    [JsonPropertyName("agreement")]
    public double Agreement { get; set; }

    [JsonPropertyName("votes")]
    public List<DpoVote> Votes { get; set; } = [];
}

public sealed class DpoTurn
{
    [JsonPropertyName("role")]
    public string Role { get; set; } = "";
    [JsonPropertyName("text")]
    public string Text { get; set; } = "";
}

/// <summary>One raw vote on a pair: who, which answer they preferred ("chosen", "rejected", "tie" or "both_bad"), which was on the left.</summary>
public sealed class DpoVote
{
    [JsonPropertyName("vote_id")]
    public long VoteId { get; set; }
    [JsonPropertyName("rater_id")]
    public string RaterId { get; set; } = "";
    [JsonPropertyName("preferred")]
    public string Preferred { get; set; } = "";
    [JsonPropertyName("shown_left")]
    public string ShownLeft { get; set; } = "";
    [JsonPropertyName("strength")]
    public string? Strength { get; set; }
}
