namespace Feedback.Training.Datasets.Scenes;

/// <summary>
/// Random captions in a handful of patterns, each with a scene drawn to follow it exactly: one shape, two or
/// three alike, two shapes in a spatial relation, or two groups side by side; sometimes sizes and a background.
/// </summary>
public static class SceneGenerator
{
    private const double SizeNamedRate = 0.35;
    private const double BackgroundNamedRate = 0.3;

    public static IEnumerable<CaptionedScene> Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Iterate(count, seed);
    }

    public static CaptionedScene Generate(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var request = RandomRequest(rng);
        var scene = Draw(request, rng);
        return new CaptionedScene(scene, SceneCaption.Format(request), request);
    }

    /// <summary>A near miss: the scene with one thing changed (a colour, a shape, a count, a size, the background, or the relation reversed) so that it no longer follows the caption.</summary>
    public static Scene Mistake(CaptionedScene example, Random rng) => SceneMistakes.Make(example, rng);

    /// <summary>A scene that follows <paramref name="request"/>; the background is random where the request leaves it open.</summary>
    public static Scene Draw(SceneRequest request, Random rng)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rng);
        var members = request.Groups
            .SelectMany(g =>
            {
                var size = g.Size ?? Pick<ShapeSize>(rng);
                return Enumerable.Repeat((Group: g, Size: size), g.Count);
            })
            .ToList();
        var spots = SceneLayout.Place(members.Select(m => m.Size).ToList(), request.Relation, rng);
        var shapes = members.Select((m, i) => new SceneShape(m.Group.Kind, m.Group.Color, m.Size, spots[i].X, spots[i].Y)).ToList();
        return new Scene(request.Background ?? Pick<SceneBackground>(rng), shapes);
    }

    internal static T Pick<T>(Random rng)
        where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        return values[rng.Next(values.Length)];
    }

    private static IEnumerable<CaptionedScene> Iterate(int count, int seed)
    {
        var rng = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return Generate(rng);
        }
    }

    private static SceneRequest RandomRequest(Random rng)
    {
        var background = rng.NextDouble() < BackgroundNamedRate ? Pick<SceneBackground>(rng) : (SceneBackground?)null;
        var (firstKind, firstColor) = (Pick<ShapeKind>(rng), Pick<ShapeColor>(rng));
        var (secondKind, secondColor) = (firstKind, firstColor);
        while (secondKind == firstKind && secondColor == firstColor)
        {
            (secondKind, secondColor) = (Pick<ShapeKind>(rng), Pick<ShapeColor>(rng));
        }

        switch (rng.Next(4))
        {
            case 0:
                return new SceneRequest([new ShapeGroup(1, firstKind, firstColor, MaybeSize(rng))], background: background);
            case 1:
                return new SceneRequest([new ShapeGroup(rng.Next(2, 4), firstKind, firstColor, MaybeSize(rng))], background: background);
            case 2:
                return new SceneRequest(
                    [new ShapeGroup(1, firstKind, firstColor), new ShapeGroup(1, secondKind, secondColor)],
                    Pick<SpatialRelation>(rng),
                    background);
            default:
                var firstCount = rng.Next(1, 3);
                var secondCount = firstCount == 2 ? 1 : rng.Next(1, 3);
                return new SceneRequest(
                    [new ShapeGroup(firstCount, firstKind, firstColor), new ShapeGroup(secondCount, secondKind, secondColor)],
                    background: background);
        }
    }

    private static ShapeSize? MaybeSize(Random rng) => rng.NextDouble() < SizeNamedRate ? Pick<ShapeSize>(rng) : null;
}
