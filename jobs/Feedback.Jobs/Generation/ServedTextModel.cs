using Feedback.Core.Checkpoints;
using Feedback.Core.Domain;
using Feedback.Sampling.Text;
using Feedback.Training.Checkpoints;
using Feedback.Training.Text;
using Feedback.Training.Tokenizers;

namespace Feedback.Jobs.Generation;

/// <summary>A text checkpoint ready to sample: its verified files, tokenizer, context length and a lease on its cached session.</summary>
internal sealed class ServedTextModel : IDisposable
{
    private readonly TextSessionLease _session;

    private ServedTextModel(long checkpointId, TextSessionLease session, ITextTokenizer tokenizer, int contextLength)
    {
        CheckpointId = checkpointId;
        _session = session;
        Tokenizer = tokenizer;
        ContextLength = contextLength;
    }

    public long CheckpointId { get; }

    public ITextTokenizer Tokenizer { get; }

    /// <summary>Prompt and answer tokens together may not exceed this.</summary>
    public int ContextLength { get; }

    public ITextSampler Sampler => _session;

    /// <summary>Checks the folder against its manifest (a corrupted file is refused by name), then leases the session.</summary>
    public static ServedTextModel Open(Checkpoint checkpoint, CheckpointStore store, TextSessionCache sessions)
    {
        if (checkpoint.Modality != Modality.Text || checkpoint.Kind != CheckpointKind.Policy)
        {
            throw new InvalidOperationException($"Checkpoint {checkpoint.Id} ({checkpoint.Name}) is not a text policy and cannot generate answers.");
        }

        var folder = store.FolderOf(checkpoint.Path);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Checkpoint {checkpoint.Id} ({checkpoint.Name}) has no folder at {folder}.");
        }

        CheckpointManifest.Verify(folder, [TextCheckpoint.OnnxFile, TextCheckpoint.ConfigFile]);
        var tokenizer = TextTokenizers.Load(folder);
        var config = LlamaConfig.Parse(File.ReadAllText(Path.Combine(folder, TextCheckpoint.ConfigFile)));
        var session = sessions.Acquire(checkpoint.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.Combine(folder, TextCheckpoint.OnnxFile));
        return new ServedTextModel(checkpoint.Id, session, tokenizer, config.MaxPositionEmbeddings);
    }

    /// <summary>BOS, then the conversation laid out by the chat template, ending where the answer starts.</summary>
    public IReadOnlyList<int> EncodePrompt(string prompt, IEnumerable<DialogueTurn> earlierTurns) =>
        ChatTemplate.Encode(Tokenizer, earlierTurns.Select(t => (t.Role, t.Text)), prompt);

    public void Dispose() => _session.Dispose();
}
