namespace Feedback.Sampling.Text;

/// <summary>
/// How to continue a batch of prompts. Sampling applies temperature, then top-k, then top-p (nucleus) filtering,
/// then draws from a random stream seeded with <see cref="Seed"/> plus the row's index in the batch.
/// </summary>
public sealed record GenerationSettings
{
    public int MaxNewTokens { get; init; } = 128;

    /// <summary>Divides the logits before filtering; 0 picks the most likely token (greedy).</summary>
    public float Temperature { get; init; } = 0.8f;

    /// <summary>Keeps only the k most likely tokens; 0 turns the filter off.</summary>
    public int TopK { get; init; }

    /// <summary>Keeps the smallest set of most likely tokens whose probability reaches this; 1 turns the filter off.</summary>
    public float TopP { get; init; } = 0.95f;

    /// <summary>Row i of a batch draws from <c>new Random(Seed + i)</c>, so a row's draws do not depend on its neighbours.</summary>
    public int Seed { get; init; }

    public bool StopAtEos { get; init; } = true;

    /// <summary>The end-of-sequence token; null when the model has none, so rows run to <see cref="MaxNewTokens"/>.</summary>
    public int? EosTokenId { get; init; }

    /// <summary>Fills the left padding and the rows already finished; null falls back to <see cref="EosTokenId"/>, then 0.</summary>
    public int? PadTokenId { get; init; }

    /// <summary>Feeds each step's keys and values back instead of re-running the whole sequence; off only to measure or check it.</summary>
    public bool UseCache { get; init; } = true;

    public bool IsGreedy => Temperature == 0f;

    internal int PaddingTokenId => PadTokenId ?? EosTokenId ?? 0;

    /// <summary>Refuses settings that cannot describe a sampling distribution, naming the setting.</summary>
    public void Validate()
    {
        if (MaxNewTokens < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxNewTokens), MaxNewTokens, "MaxNewTokens cannot be negative.");
        }

        if (!float.IsFinite(Temperature) || Temperature < 0f)
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Temperature must be 0 (greedy) or a positive finite number.");
        }

        if (TopK < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "TopK must be 0 (off) or positive.");
        }

        if (!(TopP > 0f && TopP <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "TopP must be above 0 and at most 1 (off).");
        }
    }
}
