using System.Security.Cryptography;
using System.Text;
using Feedback.Core.Domain;
using Feedback.Core.Projects;
using Microsoft.EntityFrameworkCore;

namespace Feedback.IntegrationTests.Projects;

public sealed class ContentImportTests(ContentFixture fixture) : IClassFixture<ContentFixture>
{
    private const string GoodLine = """{"prompt": "Name a colour.", "candidates": ["Red", "Blue"]}""";

    private Task<ImportReport> ImportAsync(long projectId, string jsonl, string sourceName = "items.jsonl") =>
        fixture.Import.ImportJsonlAsync(projectId, new MemoryStream(Encoding.UTF8.GetBytes(jsonl)), sourceName);

    [Fact]
    public async Task A_valid_text_file_with_turns_and_blank_lines_imports_every_item()
    {
        var projectId = await fixture.CreateProjectAsync();
        var jsonl = """
            {"prompt": "And in French?", "turns": [{"role": "user", "text": "Say hello."}, {"role": "assistant", "text": "Hello!"}], "candidates": ["Bonjour !", "Salut !"]}

            {"prompt": "Rank these.", "candidates": [{"text": "**one**"}, {"text": "two"}, "three", "four"]}
            """ + "\r\n\r\n";

        var report = await ImportAsync(projectId, jsonl, "greetings.jsonl");

        report.Succeeded.ShouldBeTrue();
        report.ItemsImported.ShouldBe(2);
        await using var db = fixture.NewContext();
        var prompts = await db.Prompts.Where(p => p.ProjectId == projectId).Include(p => p.Candidates).OrderBy(p => p.Id).ToListAsync();
        prompts.Select(p => p.Text).ShouldBe(["And in French?", "Rank these."]);
        prompts[0].EarlierTurns.ShouldBe([new DialogueTurn("user", "Say hello."), new DialogueTurn("assistant", "Hello!")]);
        prompts[1].EarlierTurns.ShouldBeEmpty();
        prompts.ShouldAllBe(p => p.Source == "import:greetings.jsonl");
        prompts.SelectMany(p => p.Candidates).ShouldAllBe(c => c.Source == "import:greetings.jsonl" && c.Modality == Modality.Text);
        var ranking = await db.Comparisons.Where(c => c.PromptId == prompts[1].Id)
            .SelectMany(c => c.Candidates).OrderBy(cc => cc.Position).Select(cc => cc.Candidate!.Text).ToListAsync();
        ranking.ShouldBe(["**one**", "two", "three", "four"]);
        (await db.Comparisons.CountAsync(c => c.ProjectId == projectId)).ShouldBe(2);
    }

    [Fact]
    public async Task An_image_file_stores_its_pngs_in_the_media_folder()
    {
        var projectId = await fixture.CreateProjectAsync(Modality.Image);
        var red = TestPng.Solid(3, 3, red: 250);
        var green = TestPng.Solid(3, 3, red: 0, green: 250);
        var jsonl = $$"""{"prompt": "A traffic light", "candidates": [{"image_base64": "{{Convert.ToBase64String(red)}}"}, {"image_base64": "{{Convert.ToBase64String(green)}}"}]}""";

        var report = await ImportAsync(projectId, jsonl);

        report.Succeeded.ShouldBeTrue();
        await using var db = fixture.NewContext();
        var candidates = await db.Candidates.Where(c => c.Prompt!.ProjectId == projectId).OrderBy(c => c.Id).ToListAsync();
        candidates.Count.ShouldBe(2);
        candidates.ShouldAllBe(c => c.Modality == Modality.Image && c.ImagePath == c.ImageSha256 + ".png");
        await using var stored = fixture.Media.TryOpenRead(candidates[1].ImagePath!).ShouldNotBeNull();
        using var read = new MemoryStream();
        await stored.CopyToAsync(read);
        read.ToArray().ShouldBe(green);
    }

    [Fact]
    public async Task A_line_without_candidates_adds_a_prompt_for_the_model_to_answer()
    {
        var projectId = await fixture.CreateProjectAsync();
        var jsonl = string.Join('\n', GoodLine, """{"prompt": "Name three prime numbers.", "turns": [{"role": "user", "text": "Hi"}, {"role": "assistant", "text": "Hello!"}]}""");

        var report = await ImportAsync(projectId, jsonl);

        report.Succeeded.ShouldBeTrue();
        report.ItemsImported.ShouldBe(2);
        await using var db = fixture.NewContext();
        (await db.Comparisons.CountAsync(c => c.ProjectId == projectId)).ShouldBe(1);
        var promptOnly = await db.Prompts.SingleAsync(p => p.ProjectId == projectId && p.Text == "Name three prime numbers.");
        promptOnly.EarlierTurns.Count.ShouldBe(2);
        (await db.Candidates.CountAsync(c => c.PromptId == promptOnly.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task One_bad_line_in_the_middle_imports_nothing_and_names_that_line()
    {
        var projectId = await fixture.CreateProjectAsync();
        var jsonl = string.Join('\n', GoodLine, """{"prompt": "Only one?", "candidates": ["Lonely"]}""", GoodLine);

        var report = await ImportAsync(projectId, jsonl);

        report.Succeeded.ShouldBeFalse();
        report.ItemsImported.ShouldBe(0);
        report.Errors.ShouldBe([new ImportError(2, "An item needs between 2 and 4 candidates; this one has 1.")]);
        await using var db = fixture.NewContext();
        (await db.Prompts.CountAsync(p => p.ProjectId == projectId)).ShouldBe(0);
    }

    [Fact]
    public async Task Every_bad_line_is_reported_with_its_number()
    {
        var projectId = await fixture.CreateProjectAsync();
        var jsonl = string.Join('\n',
            """{"candidates": ["A", "B"]}""",
            GoodLine,
            """{"prompt": 42, "candidates": "A or B"}""",
            "{not json",
            "",
            """{"prompt": "Twice", "candidates": ["Same", "Same"]}""",
            """{"prompt": "Odd turns", "turns": [{"role": "system", "text": "x"}, "hi", {"role": "user"}], "candidates": ["A", 7]}""",
            """["not", "an", "object"]""",
            """{"prompt": "P", "prompt": "Q", "candidates": [{"text": "A", "colour": "red"}, {}]}""");

        var report = await ImportAsync(projectId, jsonl);

        report.ItemsImported.ShouldBe(0);
        report.Errors.Select(e => e.Line).ShouldBe([1, 3, 3, 4, 6, 7, 7, 7, 8, 9, 9, 9]);
        report.Errors.Select(e => e.Reason).ShouldBe(
        [
            "The line has no \"prompt\".",
            "\"prompt\" must be a string.",
            "\"candidates\" must be an array.",
            report.Errors[3].Reason,
            "Candidates 1 and 2 are identical.",
            "Turn 2 must be an object with \"role\" and \"text\".",
            "Turn 3 has no \"text\".",
            "Candidate 2 must be a string or an object with \"text\" or \"image_base64\".",
            "The line must be a JSON object.",
            "The line has \"prompt\" more than once.",
            "Candidate 1 has an unknown property \"colour\"; a candidate has \"text\" or \"image_base64\".",
            "Candidate 2 has neither \"text\" nor \"image_base64\".",
        ]);
        report.Errors[3].Reason.ShouldStartWith("The line is not valid JSON");
    }

    [Fact]
    public async Task An_unknown_property_is_named()
    {
        var projectId = await fixture.CreateProjectAsync();

        var report = await ImportAsync(projectId, """{"prompt": "Hi", "candidates": ["A", "B"], "answer": "A"}""");

        report.Errors.ShouldBe([new ImportError(1, "Unknown property \"answer\"; a line has \"prompt\", \"turns\" and \"candidates\".")]);
    }

    [Fact]
    public async Task A_turn_with_a_bad_role_fails_the_same_rules_as_an_item_added_by_hand()
    {
        var projectId = await fixture.CreateProjectAsync();
        var longAnswer = new string('z', ItemRules.MaxCandidateTextLength + 1);

        var report = await ImportAsync(projectId, $$"""{"prompt": "Hi", "turns": [{"role": "system", "text": "x"}], "candidates": ["A", "{{longAnswer}}"]}""");

        report.Errors.ShouldBe(
        [
            new ImportError(1, "Turn 1's role must be \"user\" or \"assistant\"."),
            new ImportError(1, "Candidate 2 is longer than 20,000 characters."),
        ]);
    }

    [Fact]
    public async Task Image_lines_with_bad_base64_text_or_files_that_are_not_png_are_reported_and_no_image_is_stored()
    {
        var projectId = await fixture.CreateProjectAsync(Modality.Image);
        var valid = TestPng.Solid(1, 1, red: 3, green: 141, blue: 59);
        var png = Convert.ToBase64String(valid);
        var notPng = Convert.ToBase64String("GIF89a"u8.ToArray());
        var jsonl = string.Join('\n',
            $$"""{"prompt": "A", "candidates": [{"image_base64": "{{png}}"}, {"image_base64": "@@@ not base64"}]}""",
            $$"""{"prompt": "B", "candidates": [{"image_base64": "{{png}}"}, "a picture of a cat"]}""",
            $$"""{"prompt": "C", "candidates": [{"image_base64": "{{png}}"}, {"image_base64": "{{notPng}}"}]}""");

        var report = await ImportAsync(projectId, jsonl);

        report.Errors.ShouldBe(
        [
            new ImportError(1, "Candidate 2's \"image_base64\" is not valid base64."),
            new ImportError(2, "Candidate 2 is text, but this project compares images."),
            new ImportError(3, "Candidate 2 is not a PNG file."),
        ]);
        fixture.Media.TryOpenRead(Convert.ToHexStringLower(SHA256.HashData(valid)) + ".png").ShouldBeNull();
    }

    [Fact]
    public async Task Reporting_stops_after_a_hundred_problems_and_says_so()
    {
        var projectId = await fixture.CreateProjectAsync();
        var jsonl = string.Join('\n', Enumerable.Repeat("""{"candidates": ["A", "B"]}""", 150));

        var report = await ImportAsync(projectId, jsonl);

        report.Errors.Count.ShouldBe(101);
        report.Errors[99].ShouldBe(new ImportError(100, "The line has no \"prompt\"."));
        report.Errors[100].ShouldBe(new ImportError(0, "Stopped after 100 problems; the file may have more."));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n\r\n")]
    public async Task A_file_without_items_is_refused(string jsonl)
    {
        var projectId = await fixture.CreateProjectAsync();

        var report = await ImportAsync(projectId, jsonl);

        report.Errors.ShouldBe([new ImportError(0, "The file has no items.")]);
    }

    [Fact]
    public async Task A_file_over_fifty_megabytes_is_refused_before_it_is_read_to_the_end()
    {
        var projectId = await fixture.CreateProjectAsync();
        var content = new EndlessLines(GoodLine);

        var report = await fixture.Import.ImportJsonlAsync(projectId, content, "huge.jsonl");

        report.Errors.ShouldBe([new ImportError(0, "The file is larger than 50 MB; split it into smaller files.")]);
        content.BytesRead.ShouldBeLessThan(ContentImport.MaxImportBytes + (1024 * 1024));
    }

    [Fact]
    public async Task A_file_with_more_than_twenty_thousand_items_is_refused()
    {
        var projectId = await fixture.CreateProjectAsync();
        var jsonl = string.Join('\n', Enumerable.Repeat(GoodLine, ContentImport.MaxItems + 1));

        var report = await ImportAsync(projectId, jsonl);

        report.Errors.ShouldBe([new ImportError(0, "The file has more than 20,000 items; split it into smaller files.")]);
        await using var db = fixture.NewContext();
        (await db.Prompts.CountAsync(p => p.ProjectId == projectId)).ShouldBe(0);
    }

    [Fact]
    public async Task Archived_projects_are_refused_and_long_source_names_are_cut_to_fit()
    {
        var archived = await fixture.CreateProjectAsync(archived: true);
        var open = await fixture.CreateProjectAsync();

        var refused = await ImportAsync(archived, GoodLine);
        var imported = await ImportAsync(open, GoodLine, new string('n', 300) + ".jsonl");

        refused.Errors.ShouldHaveSingleItem().Line.ShouldBe(0);
        refused.Errors[0].Reason.ShouldContain("is archived");
        imported.ItemsImported.ShouldBe(1);
        await using var db = fixture.NewContext();
        var source = await db.Prompts.Where(p => p.ProjectId == open).Select(p => p.Source).SingleAsync();
        source.ShouldBe("import:" + new string('n', 193));
    }

    /// <summary>A read-only stream that repeats one line for ever, counting what was read.</summary>
    private sealed class EndlessLines(string line) : Stream
    {
        private readonly byte[] pattern = Encoding.UTF8.GetBytes(line + "\n");

        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                buffer[offset + i] = pattern[(BytesRead + i) % pattern.Length];
            }

            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
