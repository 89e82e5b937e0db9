namespace Feedback.Sampling.Text;

/// <summary>One batch row's progress: its own random stream, the tokens chosen so far, their log-probability, and whether it is done.</summary>
internal sealed class GenerationRow
{
    private readonly List<int> _tokens = [];
    private readonly Random _random;

    public GenerationRow(int seed) => _random = new Random(seed);

    public bool Finished { get; private set; }

    public bool StoppedAtEos { get; private set; }

    public double LogProbability { get; private set; }

    /// <summary>Chooses and records the row's next token; a finished row only takes padding.</summary>
    public int Next(ReadOnlySpan<float> logits, GenerationSettings settings)
    {
        if (Finished)
        {
            return settings.PaddingTokenId;
        }

        var token = TokenSampler.Sample(logits, settings, _random);
        _tokens.Add(token);
        LogProbability += TokenSampler.LogProbability(logits, token);
        if (settings.StopAtEos && token == settings.EosTokenId)
        {
            Finished = true;
            StoppedAtEos = true;
        }
        else if (_tokens.Count >= settings.MaxNewTokens)
        {
            Finished = true;
        }

        return token;
    }

    public GeneratedSequence ToSequence() => new(_tokens.ToArray(), StoppedAtEos, LogProbability);
}
