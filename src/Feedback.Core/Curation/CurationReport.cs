using Feedback.Core.Projects;

namespace Feedback.Core.Curation;

/// <summary>
/// What an image import did: how many captioned images it added, which it dropped and why; or, when the file itself
/// was malformed, nothing added and every problem (with its line where it has one).
/// </summary>
public sealed record CurationReport(int Imported, IReadOnlyList<DroppedImage> Dropped, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    internal static CurationReport Refused(params ImportError[] errors) => new(0, [], errors);
}

/// <summary>An image left out by the curation filters, and the filter's reason.</summary>
public sealed record DroppedImage(string File, string Reason);
