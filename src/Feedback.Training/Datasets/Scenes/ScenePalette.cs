namespace Feedback.Training.Datasets.Scenes;

/// <summary>The RGB value drawn for each shape colour and background.</summary>
public static class ScenePalette
{
    public static RgbColor Rgb(this ShapeColor color) => color switch
    {
        ShapeColor.Red => new RgbColor(220, 40, 40),
        ShapeColor.Green => new RgbColor(40, 190, 60),
        ShapeColor.Blue => new RgbColor(50, 100, 240),
        ShapeColor.Yellow => new RgbColor(245, 220, 40),
        ShapeColor.Purple => new RgbColor(160, 60, 210),
        ShapeColor.White => new RgbColor(245, 245, 245),
        _ => throw new ArgumentOutOfRangeException(nameof(color), color, null),
    };

    public static RgbColor Rgb(this SceneBackground background) => background switch
    {
        SceneBackground.Black => new RgbColor(0, 0, 0),
        SceneBackground.Gray => new RgbColor(110, 110, 110),
        SceneBackground.DarkBlue => new RgbColor(15, 25, 75),
        SceneBackground.Brown => new RgbColor(90, 55, 25),
        _ => throw new ArgumentOutOfRangeException(nameof(background), background, null),
    };
}
