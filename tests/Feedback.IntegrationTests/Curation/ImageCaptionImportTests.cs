using System.IO.Compression;
using System.Text;
using Feedback.Core.Curation;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Media;
using Feedback.IntegrationTests.Projects;
using Feedback.IntegrationTests.Rating;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feedback.IntegrationTests.Curation;

public sealed class ImageCaptionImportTests(RatingFixture fixture) : IClassFixture<RatingFixture>
{
    private ImageCaptionImport Import => fixture.App.Services.GetRequiredService<ImageCaptionImport>();

    [Fact]
    public async Task Captioned_images_pass_the_filters_and_the_report_names_each_dropped_image_and_why()
    {
        var projectId = await ImageProjectAsync();
        byte[] Waves(int size) => TestPng.Pattern(size, size, (x, y) =>
        {
            var v = (byte)(128 + 110 * Math.Sin(3 * Math.PI * x / size) * Math.Cos(2 * Math.PI * y / size));
            return (v, v, v);
        });
        byte[] Gradient(int size) => TestPng.Pattern(size, size, (x, y) => ((byte)(x * 255 / size), (byte)(y * 255 / size), 0));
        var zip = Zip(
            ("a-waves.png", Waves(96)),
            ("a-waves.txt", Encoding.UTF8.GetBytes("Grey waves across the square")),
            ("b-waves-copy.png", Waves(128)),
            ("c-gradient.png", Gradient(80)),
            ("d-tiny.png", Gradient(16)),
            ("e-placeholder.png", TestPng.Pattern(90, 90, (x, y) => ((byte)((x * y) % 256), 0, 0))),
            ("f-blocked.png", TestPng.Pattern(90, 90, (x, y) => (0, (byte)((x ^ y) * 3 % 256), 0))),
            ("g-uncaptioned.png", TestPng.Pattern(90, 90, (x, y) => (0, 0, (byte)((x + 2 * y) % 256)))),
            ("notes.jpg", [0xFF, 0xD8, 0xFF]),
            ("captions.jsonl", Encoding.UTF8.GetBytes("""
                {"file": "b-waves-copy.png", "caption": "The same waves, larger"}
                {"file": "c-gradient.png", "caption": "A gradient from black to red and green"}
                {"file": "d-tiny.png", "caption": "A very small gradient"}
                {"file": "e-placeholder.png", "caption": "IMG_2041"}
                {"file": "f-blocked.png", "caption": "A forbidden pattern of green"}
                {"file": "notes.jpg", "caption": "Not a PNG at all"}
                """)));

        var report = await Import.ImportAsync(projectId, zip, "scenes.zip", new CurationSettings { BlockedWords = ["forbidden"] });

        report.Errors.ShouldBeEmpty();
        report.Dropped.ToDictionary(d => d.File, d => d.Reason).ShouldSatisfyAllConditions(
            d => d["b-waves-copy.png"].ShouldBe("a near-duplicate of a-waves.png"),
            d => d["d-tiny.png"].ShouldContain("under the minimum 64x64"),
            d => d["e-placeholder.png"].ShouldContain("placeholder"),
            d => d["f-blocked.png"].ShouldContain("blocked word \"forbidden\""),
            d => d["g-uncaptioned.png"].ShouldBe("the image has no caption"),
            d => d["notes.jpg"].ShouldBe("only PNG images are kept"),
            d => d.Count.ShouldBe(6));
        report.Imported.ShouldBe(2);
        await using var db = fixture.NewContext();
        (await db.Prompts.Where(p => p.ProjectId == projectId).Select(p => p.Text).OrderBy(t => t).ToListAsync())
            .ShouldBe(["A gradient from black to red and green", "Grey waves across the square"]);
        (await db.Candidates.CountAsync(c => c.Prompt!.ProjectId == projectId && c.ImagePath != null)).ShouldBe(2);
    }

    [Fact]
    public async Task A_malformed_captions_file_adds_nothing_and_names_its_lines()
    {
        var projectId = await ImageProjectAsync();
        var zip = Zip(
            ("a.png", TestPng.Pattern(80, 80, (x, y) => ((byte)x, (byte)y, 0))),
            ("captions.jsonl", Encoding.UTF8.GetBytes("{\"file\": \"a.png\", \"caption\": \"A fine square\"}\n{\"file\": 3}\nnot json\n")));

        var report = await Import.ImportAsync(projectId, zip, "bad.zip", new CurationSettings());

        report.Imported.ShouldBe(0);
        report.Errors.Select(e => e.Line).ShouldBe([2, 3]);
        await using var db = fixture.NewContext();
        (await db.Prompts.CountAsync(p => p.ProjectId == projectId)).ShouldBe(0);
    }

    [Fact]
    public async Task A_file_that_is_not_a_zip_is_refused()
    {
        var projectId = await ImageProjectAsync();

        var report = await Import.ImportAsync(projectId, new MemoryStream("hello"u8.ToArray()), "x.zip", new CurationSettings());

        report.Errors.ShouldHaveSingleItem().Reason.ShouldContain("not a readable zip");
    }

    [Fact]
    public async Task A_zip_whose_images_and_captions_unpack_past_the_limit_is_refused_whole()
    {
        var projectId = await ImageProjectAsync();
        var services = fixture.App.Services;
        var import = new ImageCaptionImport(
            services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>(),
            services.GetRequiredService<MediaStore>(),
            TimeProvider.System,
            Options.Create(new ImageImportOptions { MaxUnpackedBytes = 256 * 1024 }));

        // Zeros pack to almost nothing: a small upload that unpacks to more than the limit.
        var zip = Zip(
            ("a.png", TestPng.Pattern(80, 80, (x, y) => ((byte)x, (byte)y, 0))),
            ("a.txt", Encoding.UTF8.GetBytes("A fine square of colour")),
            ("b.png", new byte[200 * 1024]),
            ("c.png", new byte[200 * 1024]));
        zip.Length.ShouldBeLessThan(64 * 1024);

        var report = await import.ImportAsync(projectId, zip, "bomb.zip", new CurationSettings());

        report.Errors.ShouldHaveSingleItem().Reason.ShouldBe("The zip's images and captions unpack to more than 256 KB; split it into smaller files.");
        report.Imported.ShouldBe(0);
        await using var db = fixture.NewContext();
        (await db.Prompts.CountAsync(p => p.ProjectId == projectId)).ShouldBe(0);
    }

    [Fact]
    public async Task Files_that_are_neither_images_nor_captions_are_passed_over_unread()
    {
        var projectId = await ImageProjectAsync();
        var zip = Zip(
            ("a.png", TestPng.Pattern(80, 80, (x, y) => ((byte)x, (byte)y, 0))),
            ("a.txt", Encoding.UTF8.GetBytes("A fine square of colour")),
            ("footage.mov", new byte[12 * 1024 * 1024]));

        var report = await Import.ImportAsync(projectId, zip, "with-extras.zip", new CurationSettings());

        report.Errors.ShouldBeEmpty();
        report.Dropped.ShouldBeEmpty();
        report.Imported.ShouldBe(1);
    }

    private async Task<long> ImageProjectAsync()
    {
        await using var db = fixture.NewContext();
        var project = new Project { Name = $"Images {Guid.NewGuid():N}", Modality = Modality.Image, CreatedAt = DateTimeOffset.UtcNow };
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return project.Id;
    }

    private static MemoryStream Zip(params (string Name, byte[] Bytes)[] entries)
    {
        var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(bytes);
            }
        }

        stream.Position = 0;
        return stream;
    }
}
