using Feedback.Training.Datasets.Scenes;

namespace Feedback.UnitTests.Datasets;

public sealed class SceneRendererTests
{
    [Fact]
    public void The_centre_of_a_circle_has_its_colour_and_a_corner_the_background()
    {
        var scene = new Scene(SceneBackground.Gray, [new SceneShape(ShapeKind.Circle, ShapeColor.Red, ShapeSize.Large, 0.5f, 0.5f)]);

        var pixels = SceneRenderer.Render(scene);

        pixels.Length.ShouldBe(32 * 32 * 3);
        Pixel(pixels, 32, 16, 16).ShouldBe(ShapeColor.Red.Rgb());
        Pixel(pixels, 32, 0, 0).ShouldBe(SceneBackground.Gray.Rgb());
        Pixel(pixels, 32, 31, 31).ShouldBe(SceneBackground.Gray.Rgb());
    }

    [Fact]
    public void Edges_are_smoothed_between_shape_and_background()
    {
        var scene = new Scene(SceneBackground.Black, [new SceneShape(ShapeKind.Circle, ShapeColor.White, ShapeSize.Large, 0.5f, 0.5f)]);

        var pixels = SceneRenderer.Render(scene);

        pixels.ShouldContain(value => value > 20 && value < 230);
    }

    [Theory]
    [InlineData(ShapeSize.Small, 0.25)]
    [InlineData(ShapeSize.Large, 0.45)]
    public void Shapes_span_their_share_of_the_width_at_any_resolution(ShapeSize size, double share)
    {
        var scene = new Scene(SceneBackground.DarkBlue, [new SceneShape(ShapeKind.Square, ShapeColor.Yellow, size, 0.5f, 0.5f)]);

        var pixels = SceneRenderer.Render(scene, 128);

        var covered = Enumerable.Range(0, 128).Count(x => Pixel(pixels, 128, x, 64) == ShapeColor.Yellow.Rgb());
        covered.ShouldBeInRange((int)(share * 128) - 2, (int)(share * 128) + 1);
    }

    [Fact]
    public void A_triangle_points_up()
    {
        var scene = new Scene(SceneBackground.Black, [new SceneShape(ShapeKind.Triangle, ShapeColor.Green, ShapeSize.Large, 0.5f, 0.5f)]);

        var pixels = SceneRenderer.Render(scene, 64);

        int Width(int y) => Enumerable.Range(0, 64).Count(x => Pixel(pixels, 64, x, y) != SceneBackground.Black.Rgb());
        Width(22).ShouldBeLessThan(Width(30));
        Width(30).ShouldBeLessThan(Width(44));
    }

    [Fact]
    public void Later_shapes_are_drawn_on_top()
    {
        var under = new SceneShape(ShapeKind.Square, ShapeColor.Blue, ShapeSize.Large, 0.5f, 0.5f);
        var over = new SceneShape(ShapeKind.Circle, ShapeColor.White, ShapeSize.Small, 0.5f, 0.5f);

        Pixel(SceneRenderer.Render(new Scene(SceneBackground.Black, [under, over])), 32, 16, 16).ShouldBe(ShapeColor.White.Rgb());
        Pixel(SceneRenderer.Render(new Scene(SceneBackground.Black, [over, under])), 32, 16, 16).ShouldBe(ShapeColor.Blue.Rgb());
    }

    [Fact]
    public void Rendering_is_deterministic()
    {
        var scene = SceneGenerator.Generate(new Random(3)).Scene;

        SceneRenderer.Render(scene, 48).ShouldBe(SceneRenderer.Render(scene, 48));
    }

    [Fact]
    public void Background_colours_are_far_from_every_shape_colour()
    {
        foreach (var background in Enum.GetValues<SceneBackground>())
        {
            foreach (var color in Enum.GetValues<ShapeColor>())
            {
                var (b, c) = (background.Rgb(), color.Rgb());
                var distance = Math.Abs(b.R - c.R) + Math.Abs(b.G - c.G) + Math.Abs(b.B - c.B);
                distance.ShouldBeGreaterThan(150, $"{color} on {background}");
            }
        }
    }

    private static RgbColor Pixel(byte[] pixels, int size, int x, int y)
    {
        var offset = ((y * size) + x) * 3;
        return new RgbColor(pixels[offset], pixels[offset + 1], pixels[offset + 2]);
    }
}
