namespace Feedback.Training.Datasets.Scenes;

/// <summary>
/// Places shapes so that none overlap and none leave the image: each gets its own cell (the whole image, a half,
/// or a quadrant) and a random spot inside it. Large shapes fit a half-image cell, so up to four of any size fit.
/// </summary>
internal static class SceneLayout
{
    /// <summary>Space kept between a shape and the edge of its cell.</summary>
    private const float Inset = 0.02f;

    private readonly record struct Cell(float Left, float Top, float Width, float Height);

    /// <summary>Centres for shapes of the given sizes, in order; with a relation, the first two shapes satisfy it.</summary>
    public static IReadOnlyList<(float X, float Y)> Place(IReadOnlyList<ShapeSize> sizes, SpatialRelation? relation, Random rng)
    {
        var cells = Cells(sizes.Count, relation, rng);
        return sizes.Select((size, i) => SpotIn(cells[i], SceneShape.ExtentOf(size), rng)).ToArray();
    }

    private static Cell[] Cells(int count, SpatialRelation? relation, Random rng)
    {
        switch (count)
        {
            case 1:
                return [new Cell(0, 0, 1, 1)];
            case 2:
                var vertical = relation?.IsVertical() ?? rng.Next(2) == 0;
                Cell[] halves = vertical ? [new Cell(0, 0, 1, 0.5f), new Cell(0, 0.5f, 1, 0.5f)] : [new Cell(0, 0, 0.5f, 1), new Cell(0.5f, 0, 0.5f, 1)];
                var firstComesFirst = relation switch
                {
                    SpatialRelation.Above or SpatialRelation.LeftOf => true,
                    SpatialRelation.Below or SpatialRelation.RightOf => false,
                    _ => rng.Next(2) == 0,
                };
                return firstComesFirst ? halves : [halves[1], halves[0]];
            case 3 or 4:
                Cell[] quadrants = [new Cell(0, 0, 0.5f, 0.5f), new Cell(0.5f, 0, 0.5f, 0.5f), new Cell(0, 0.5f, 0.5f, 0.5f), new Cell(0.5f, 0.5f, 0.5f, 0.5f)];
                rng.Shuffle(quadrants);
                return quadrants[..count];
            default:
                throw new ArgumentOutOfRangeException(nameof(count), count, "Scenes hold one to four shapes.");
        }
    }

    private static (float X, float Y) SpotIn(Cell cell, float extent, Random rng) =>
        (Along(cell.Left, cell.Width, extent, rng), Along(cell.Top, cell.Height, extent, rng));

    private static float Along(float start, float length, float extent, Random rng)
    {
        var low = start + (extent / 2) + Inset;
        var high = start + length - (extent / 2) - Inset;
        return high <= low ? start + (length / 2) : low + ((float)rng.NextDouble() * (high - low));
    }
}
