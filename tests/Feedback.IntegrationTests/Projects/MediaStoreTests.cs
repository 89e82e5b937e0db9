using Feedback.Core.Media;

namespace Feedback.IntegrationTests.Projects;

public sealed class MediaStoreTests : IDisposable
{
    private const string OutsideName = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789.png";

    private readonly string folder = Path.Combine(Path.GetTempPath(), "feedback-tests-media", Guid.NewGuid().ToString("N"));

    private MediaStore Store => new(folder);

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_png_is_stored_under_its_sha256_and_read_back_unchanged()
    {
        var png = TestPng.Solid(3, 2, red: 200);

        var (relativePath, sha256) = await Store.SaveImageAsync(png);

        sha256.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png)));
        relativePath.ShouldBe(sha256 + ".png");
        await using var stream = Store.TryOpenRead(relativePath).ShouldNotBeNull();
        using var read = new MemoryStream();
        await stream.CopyToAsync(read);
        read.ToArray().ShouldBe(png);
    }

    [Fact]
    public async Task Identical_bytes_are_stored_once_and_nothing_temporary_is_left()
    {
        var png = TestPng.Solid(4, 4, red: 1, green: 2, blue: 3);

        var first = await Store.SaveImageAsync(png);
        var second = await Store.SaveImageAsync(png.ToArray());
        var other = await Store.SaveImageAsync(TestPng.Solid(4, 4, red: 9));

        second.ShouldBe(first);
        other.RelativePath.ShouldNotBe(first.RelativePath);
        Directory.GetFiles(folder).Select(Path.GetFileName).Order().ShouldBe(new[] { first.RelativePath, other.RelativePath }.Order());
    }

    [Fact]
    public async Task Bytes_that_are_not_a_png_are_refused()
    {
        var error = await Should.ThrowAsync<InvalidImageException>(() => Store.SaveImageAsync("GIF89a, not a png at all"u8.ToArray()));

        error.Message.ShouldBe("The image is not a PNG file.");
        Directory.Exists(folder).ShouldBeFalse();
    }

    [Fact]
    public async Task Images_over_the_size_limit_are_refused()
    {
        var png = TestPng.Solid(1, 1, red: 0);
        var tooLarge = png.Concat(new byte[MediaStore.MaxImageBytes]).ToArray();

        var error = await Should.ThrowAsync<InvalidImageException>(() => Store.SaveImageAsync(tooLarge));

        error.Message.ShouldBe("The image is larger than 5 MB.");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(4097, 1)]
    [InlineData(1, 4097)]
    public async Task Images_with_an_empty_or_too_long_side_are_refused(int width, int height)
    {
        var error = await Should.ThrowAsync<InvalidImageException>(() => Store.SaveImageAsync(TestPng.Solid(width, height, red: 0)));

        error.Message.ShouldBe($"The image is {width} by {height} pixels; each side must be between 1 and 4096 pixels.");
    }

    [Fact]
    public async Task An_image_4096_pixels_wide_is_accepted()
    {
        var (relativePath, _) = await Store.SaveImageAsync(TestPng.Solid(4096, 1, red: 0));

        File.Exists(Path.Combine(folder, relativePath)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("../x.png")]
    [InlineData("x.png")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz.png")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789.png")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789.png\n")]
    [InlineData("../" + OutsideName)]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789.jpg")]
    public async Task Names_that_are_not_a_stored_image_name_are_never_opened(string relativePath)
    {
        // A real image sits one folder up, so a path that escaped the folder would find it.
        var (stored, _) = await Store.SaveImageAsync(TestPng.Solid(2, 2, red: 5));
        var outside = Path.Combine(folder, "..", OutsideName);
        File.Copy(Path.Combine(folder, stored), outside, overwrite: true);
        try
        {
            Store.TryOpenRead(relativePath).ShouldBeNull();
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Fact]
    public void A_well_formed_name_with_no_file_reads_as_missing()
    {
        Store.TryOpenRead(new string('a', 64) + ".png").ShouldBeNull();
    }
}
