using Feedback.Training.Text;
using Feedback.Training.Tokenizers;

namespace Feedback.Training.Checkpoints;

/// <summary>A text checkpoint folder read back: its config, the model built from its weights, and its tokenizer.</summary>
public sealed class LoadedTextCheckpoint : IDisposable
{
    internal LoadedTextCheckpoint(string folder, LlamaConfig config, LlamaModel model, ITextTokenizer tokenizer, bool verified)
    {
        Folder = folder;
        Config = config;
        Model = model;
        Tokenizer = tokenizer;
        Verified = verified;
    }

    public string Folder { get; }

    public LlamaConfig Config { get; }

    public LlamaModel Model { get; }

    public ITextTokenizer Tokenizer { get; }

    /// <summary>Whether the folder had a checkpoint.sha256 whose hashes all matched; false for a folder from elsewhere without one.</summary>
    public bool Verified { get; }

    public void Dispose() => Model.Dispose();
}
