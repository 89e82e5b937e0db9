namespace Feedback.Core.Curation;

/// <summary>Limits on a zip of captioned images, set under <c>Feedback:Curation</c>.</summary>
public sealed class ImageImportOptions
{
    public const long DefaultMaxUnpackedBytes = 1L << 30;

    /// <summary>
    /// The most bytes the zip's images and captions may unpack to, together. A zip is small on the wire however much it
    /// unpacks to, and every image is held in memory while it is judged, so a zip over this is refused whole.
    /// </summary>
    public long MaxUnpackedBytes { get; set; } = DefaultMaxUnpackedBytes;
}
