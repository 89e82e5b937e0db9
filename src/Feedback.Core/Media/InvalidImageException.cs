namespace Feedback.Core.Media;

/// <summary>Bytes offered to the media store that are not an acceptable PNG image.</summary>
public sealed class InvalidImageException(string message) : Exception(message);
