namespace Feedback.Training.Datasets.Scenes;

/// <summary>Near misses of a captioned scene: one change each, kept only when the caption no longer fits.</summary>
internal static class SceneMistakes
{
    private const float Gap = 0.02f;

    private enum Kind
    {
        Color,
        Shape,
        Count,
        Size,
        Background,
        Relation,
    }

    public static Scene Make(CaptionedScene example, Random rng)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentNullException.ThrowIfNull(rng);
        var kinds = Enum.GetValues<Kind>();
        rng.Shuffle(kinds);
        foreach (var kind in kinds)
        {
            var candidate = Apply(kind, example, rng);
            if (candidate is not null && !example.Request.Matches(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No near miss of '{example.Caption}' was found.");
    }

    private static Scene? Apply(Kind kind, CaptionedScene example, Random rng)
    {
        var (scene, request) = (example.Scene, example.Request);
        if (scene.Shapes.Count == 0)
        {
            return null;
        }

        var index = rng.Next(scene.Shapes.Count);
        var shape = scene.Shapes[index];
        return kind switch
        {
            Kind.Color => Replace(scene, index, shape with { Color = Other(shape.Color, rng) }),
            Kind.Shape => Replace(scene, index, shape with { Kind = Other(shape.Kind, rng) }),
            Kind.Count => scene.Shapes.Count > 1 && rng.Next(2) == 0 ? Remove(scene, index) : AddCopy(scene, shape, rng),
            Kind.Size when request.Groups.Any(g => g.Size is not null) => Resize(scene, index, shape),
            Kind.Background when request.Background is not null => scene with { Background = Other(scene.Background, rng) },
            Kind.Relation when request.Relation is { } relation => Mirror(scene, relation.IsVertical()),
            _ => null,
        };
    }

    private static T Other<T>(T current, Random rng)
        where T : struct, Enum
    {
        var others = Enum.GetValues<T>().Where(v => !v.Equals(current)).ToArray();
        return others[rng.Next(others.Length)];
    }

    private static Scene Replace(Scene scene, int index, SceneShape shape) =>
        scene with { Shapes = scene.Shapes.Select((s, i) => i == index ? shape : s).ToList() };

    private static Scene Remove(Scene scene, int index) =>
        scene with { Shapes = scene.Shapes.Where((_, i) => i != index).ToList() };

    private static Scene? AddCopy(Scene scene, SceneShape shape, Random rng)
    {
        var half = shape.Extent / 2;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var x = half + ((float)rng.NextDouble() * (1 - (2 * half)));
            var y = half + ((float)rng.NextDouble() * (1 - (2 * half)));
            var copy = shape with { X = x, Y = y };
            if (scene.Shapes.All(s => s.IsClearOf(copy, Gap)))
            {
                return scene with { Shapes = [.. scene.Shapes, copy] };
            }
        }

        return null;
    }

    private static Scene? Resize(Scene scene, int index, SceneShape shape)
    {
        var resized = shape with { Size = shape.Size == ShapeSize.Large ? ShapeSize.Small : ShapeSize.Large };
        var half = resized.Extent / 2;
        var inside = resized.X >= half && resized.X <= 1 - half && resized.Y >= half && resized.Y <= 1 - half;
        var clear = scene.Shapes.Where((_, i) => i != index).All(s => s.IsClearOf(resized, Gap));
        return inside && clear ? Replace(scene, index, resized) : null;
    }

    // Reflecting the whole scene across the middle reverses every relation along that axis and keeps shapes apart.
    private static Scene Mirror(Scene scene, bool vertically) =>
        scene with { Shapes = scene.Shapes.Select(s => vertically ? s with { Y = 1 - s.Y } : s with { X = 1 - s.X }).ToList() };
}
