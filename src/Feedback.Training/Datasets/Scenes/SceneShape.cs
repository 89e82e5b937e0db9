namespace Feedback.Training.Datasets.Scenes;

/// <summary>One shape, centred at (<paramref name="X"/>, <paramref name="Y"/>) in image fractions 0..1, Y downwards.</summary>
public sealed record SceneShape(ShapeKind Kind, ShapeColor Color, ShapeSize Size, float X, float Y)
{
    public const float SmallExtent = 0.25f;
    public const float LargeExtent = 0.45f;

    /// <summary>Width (and height) of the shape's bounding square, as a fraction of the image's width.</summary>
    public float Extent => ExtentOf(Size);

    public static float ExtentOf(ShapeSize size) => size == ShapeSize.Large ? LargeExtent : SmallExtent;

    /// <summary>Whether the point (x, y), in image fractions, lies inside the shape.</summary>
    public bool Contains(float x, float y)
    {
        var half = Extent / 2;
        var dx = x - X;
        var dy = y - Y;
        return Kind switch
        {
            ShapeKind.Circle => (dx * dx) + (dy * dy) <= half * half,
            ShapeKind.Square => Math.Abs(dx) <= half && Math.Abs(dy) <= half,
            // Pointing up: apex at the top centre, base along the bottom edge of the bounding square.
            ShapeKind.Triangle => dy >= -half && dy <= half && Math.Abs(dx) <= (dy + half) / 2,
            _ => false,
        };
    }

    /// <summary>Whether the bounding squares of two shapes are apart by at least <paramref name="gap"/>.</summary>
    public bool IsClearOf(SceneShape other, float gap = 0)
    {
        var reach = ((Extent + other.Extent) / 2) + gap;
        return Math.Abs(X - other.X) >= reach || Math.Abs(Y - other.Y) >= reach;
    }
}
