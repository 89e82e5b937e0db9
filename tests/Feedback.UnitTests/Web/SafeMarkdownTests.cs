using Feedback.Web.Rendering;

namespace Feedback.UnitTests.Web;

public sealed class SafeMarkdownTests
{
    [Fact]
    public void Script_tags_in_model_output_are_shown_as_text()
    {
        var html = SafeMarkdown.ToHtml("Here you go: <script>alert('x')</script>");

        html.ShouldNotContain("<script");
        html.ShouldContain("&lt;script&gt;");
    }

    [Fact]
    public void An_image_with_an_event_handler_is_shown_as_text()
    {
        var html = SafeMarkdown.ToHtml("<img src=x onerror=alert(1)>");

        html.ShouldNotContain("<img");
        html.ShouldContain("&lt;img src=x onerror=alert(1)&gt;");
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("![x](http://tracker.example/pixel.png)")]
    public void Links_and_images_that_could_run_or_call_out_are_removed(string markdown)
    {
        var html = SafeMarkdown.ToHtml(markdown);

        html.ShouldNotContain("javascript:");
        html.ShouldNotContain("data:");
        html.ShouldNotContain("<img");
    }

    [Fact]
    public void Ordinary_markdown_is_rendered()
    {
        var html = SafeMarkdown.ToHtml("**Bold** and `code`\n\n- one\n- two\n\n[docs](https://example.org)");

        html.ShouldContain("<strong>Bold</strong>");
        html.ShouldContain("<code>code</code>");
        html.ShouldContain("<li>one</li>");
        html.ShouldContain("href=\"https://example.org\"");
        html.ShouldContain("rel=\"noopener noreferrer nofollow\"");
    }

    [Fact]
    public void Empty_input_renders_nothing() => SafeMarkdown.ToHtml(null).ShouldBeEmpty();

    [Theory]
    [InlineData("4.", "<p>4.</p>")]
    [InlineData("-", "<p>-</p>")]
    [InlineData("<b></b>", "<p>&lt;b&gt;&lt;/b&gt;</p>")]
    public void Text_that_renders_as_nothing_is_shown_as_written(string text, string expected) =>
        SafeMarkdown.ToHtml(text).Trim().ShouldBe(expected);
}
