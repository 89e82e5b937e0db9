using Feedback.Core.Domain;

namespace Feedback.Web.Rendering;

/// <summary>What raters are told to prefer in a project that has no written guidelines.</summary>
public static class DefaultGuideline
{
    public static string For(Modality modality) => modality == Modality.Image
        ? "This project has no written guidelines. Prefer the image that shows what its caption asks for: the shapes, colours, number and places it names."
        : "This project has no written guidelines. Prefer the answer that is correct, helpful, polite and to the point.";
}
