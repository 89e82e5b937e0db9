namespace Feedback.Training.Checkpoints;

/// <summary>A checkpoint file is missing or no longer has the hash its manifest recorded.</summary>
public sealed class CheckpointCorruptException : Exception
{
    public CheckpointCorruptException()
    {
    }

    public CheckpointCorruptException(string message)
        : base(message)
    {
    }

    public CheckpointCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CheckpointCorruptException(string fileName, string message)
        : base(message)
    {
        FileName = fileName;
    }

    /// <summary>The file, relative to the checkpoint folder, that is missing or altered.</summary>
    public string? FileName { get; }
}
