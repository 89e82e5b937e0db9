using System.Net;
using System.Text.RegularExpressions;
using Ganss.Xss;
using Markdig;

namespace Feedback.Web.Rendering;

/// <summary>
/// Renders model output and guidelines as Markdown that cannot run anything. Raw HTML in the source is shown as text
/// (Markdig's DisableHtml), and the HTML that Markdig makes is sanitized as well, so that a link such as
/// <c>[x](javascript:...)</c> or an image with an event handler is stripped.
/// </summary>
public static partial class SafeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseAutoLinks()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var html = Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

        // Some short texts are Markdown with nothing to show (an answer of just "4." is an empty numbered list):
        // the rater must still see what the model wrote, so those are shown as plain text.
        return HasVisibleText(html) ? html : $"<p>{WebUtility.HtmlEncode(markdown.Trim())}</p>";
    }

    private static bool HasVisibleText(string html) => !string.IsNullOrWhiteSpace(WebUtility.HtmlDecode(Tags().Replace(html, "")));

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");

        // Model output never needs to load anything: images would let it call out of the rater's browser.
        sanitizer.AllowedTags.Remove("img");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link)
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
                link.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }
}
