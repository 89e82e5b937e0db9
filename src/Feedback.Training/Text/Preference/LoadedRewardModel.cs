using Feedback.Training.Tokenizers;

namespace Feedback.Training.Text.Preference;

/// <summary>A reward model folder read back: the model built from its weights (in eval mode) and its tokenizer.</summary>
public sealed class LoadedRewardModel : IDisposable
{
    internal LoadedRewardModel(string folder, RewardModel model, ITextTokenizer tokenizer, bool verified)
    {
        Folder = folder;
        Model = model;
        Tokenizer = tokenizer;
        Verified = verified;
    }

    public string Folder { get; }

    public RewardModel Model { get; }

    public ITextTokenizer Tokenizer { get; }

    /// <summary>Whether the folder had a checkpoint.sha256 whose hashes all matched.</summary>
    public bool Verified { get; }

    public void Dispose() => Model.Dispose();
}
