using Microsoft.ML.OnnxRuntime;

namespace Feedback.Sampling.Text;

/// <summary>
/// Continues batches of prompts with a decoder exported in Hugging Face Optimum's decoder-with-past layout. Prompts are
/// left-padded, each step's keys and values are fed back as the next step's past, and finished rows take padding until
/// every row is done. Safe to call from several threads at once over one session.
/// </summary>
public sealed class TextGenerator : ITextSampler
{
    private readonly DecoderRunner _runner;

    /// <summary>Serves <paramref name="session"/>, which stays the caller's to dispose, after every generation has returned.</summary>
    public TextGenerator(OnnxSession session)
        : this(session?.Session ?? throw new ArgumentNullException(nameof(session)), TextModelInfo.Read(session.Session))
    {
    }

    internal TextGenerator(InferenceSession session, TextModelInfo model)
    {
        Model = model;
        _runner = new DecoderRunner(session, model);
    }

    public TextModelInfo Model { get; }

    public IReadOnlyList<GeneratedSequence> Generate(
        IReadOnlyList<IReadOnlyList<int>> prompts, GenerationSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (prompts.Count == 0)
        {
            return [];
        }

        var batch = TokenBatch.FromPrompts(prompts, settings.PaddingTokenId, settings.MaxNewTokens);
        var rows = Enumerable.Range(0, prompts.Count).Select(row => new GenerationRow(unchecked(settings.Seed + row))).ToArray();
        if (settings.MaxNewTokens > 0)
        {
            Run(batch, rows, settings, cancellationToken);
        }

        return Array.ConvertAll(rows, row => row.ToSequence());
    }

    private void Run(TokenBatch batch, GenerationRow[] rows, GenerationSettings settings, CancellationToken cancellationToken)
    {
        var useCache = settings.UseCache && Model.HasKeyValueCache;
        var next = new int[rows.Length];
        using var options = new RunOptions();
        using var cancellation = cancellationToken.Register(() => options.Terminate = true);
        DecoderOutput? cache = null;
        try
        {
            for (var step = 0; step < settings.MaxNewTokens && !Array.TrueForAll(rows, row => row.Finished); step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = cache?.CachedLength ?? 0;
                var output = _runner.Run(batch, start, cache, keepPresent: useCache, options);
                cache?.Dispose();
                cache = useCache ? output : null;
                try
                {
                    for (var row = 0; row < rows.Length; row++)
                    {
                        next[row] = rows[row].Next(output.LastLogits(row), settings);
                    }
                }
                finally
                {
                    if (!useCache)
                    {
                        output.Dispose();
                    }
                }

                batch.Append(next);
            }
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("Generation was cancelled while the decoder ran.", cancellationToken);
        }
        finally
        {
            cache?.Dispose();
        }
    }
}
