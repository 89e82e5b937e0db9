using Feedback.Core.Domain;
using Feedback.Core.Interchange;

namespace Feedback.UnitTests.Interchange;

public sealed class PromptCsvTests
{
    [Fact]
    public void Quoted_prompts_may_hold_commas_quotes_and_line_breaks()
    {
        const string csv = "id,prompt\n1,Plain\n2,\"A, \"\"quoted\"\"\nprompt\"\n3,Last\n";

        var (items, errors) = PromptCsvImport.Parse(csv, Modality.Text);

        errors.ShouldBeEmpty();
        items.Select(i => i.Prompt).ShouldBe(["Plain", "A, \"quoted\"\nprompt", "Last"]);
    }

    [Fact]
    public void Bad_rows_are_reported_by_the_line_they_start_on()
    {
        const string csv = "prompt,note\n\"two\nlines\",x\nonly one field\n,empty\n\"open";

        var (_, errors) = PromptCsvImport.Parse(csv, Modality.Text);

        errors.Select(e => e.Line).ShouldBe([4, 5, 6]);
        errors[0].Reason.ShouldContain("1 fields");
        errors[1].Reason.ShouldContain("prompt is required");
        errors[2].Reason.ShouldContain("not closed");
    }

    [Fact]
    public void A_header_without_a_prompt_column_is_refused()
    {
        PromptCsvImport.Parse("text\nHello\n", Modality.Text).Errors.ShouldHaveSingleItem().Line.ShouldBe(1);
    }
}
