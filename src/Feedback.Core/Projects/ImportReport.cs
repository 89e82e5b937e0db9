namespace Feedback.Core.Projects;

/// <summary>What an import did: how many items it added, or (when it added none) every problem found.</summary>
public sealed record ImportReport(int ItemsImported, IReadOnlyList<ImportError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    internal static ImportReport Refused(string reason) => new(0, [new ImportError(0, reason)]);
}

/// <summary>A problem with one line of an import file (1-based), or with the whole file (line 0).</summary>
public sealed record ImportError(int Line, string Reason);
