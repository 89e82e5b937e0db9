namespace Feedback.Training.Datasets.Scenes;

/// <summary>
/// What a caption asks for: groups of shapes ("two blue squares"), optionally a relation between the first two
/// groups (each a single shape) and a background. It scores a scene by the fraction of its requirements met.
/// </summary>
public sealed record SceneRequest
{
    public SceneRequest(IReadOnlyList<ShapeGroup> groups, SpatialRelation? relation = null, SceneBackground? background = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0)
        {
            throw new ArgumentException("A scene request needs at least one group of shapes.", nameof(groups));
        }

        if (groups.Any(g => g.Count is < 1 or > SceneWords.MaxCount))
        {
            throw new ArgumentException($"Each group has 1 to {SceneWords.MaxCount} shapes.", nameof(groups));
        }

        if (relation is not null && (groups.Count != 2 || groups.Any(g => g.Count != 1)))
        {
            throw new ArgumentException("A relation is between exactly two single shapes.", nameof(relation));
        }

        Groups = groups.ToArray();
        Relation = relation;
        Background = background;
    }

    public IReadOnlyList<ShapeGroup> Groups { get; }

    /// <summary>Where the first group's shape is with respect to the second's; null when the caption says nothing of it.</summary>
    public SpatialRelation? Relation { get; }

    /// <summary>Null when the caption leaves the background open.</summary>
    public SceneBackground? Background { get; }

    public int ShapeCount => Groups.Sum(g => g.Count);

    /// <summary>Each requirement of the caption in words, and whether <paramref name="scene"/> meets it.</summary>
    public IReadOnlyList<RequirementResult> Evaluate(Scene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var results = new List<RequirementResult>();
        foreach (var group in Groups)
        {
            var members = scene.Shapes.Where(group.Includes).ToList();
            results.Add(new RequirementResult(SceneWords.Phrase(group with { Size = null }), members.Count == group.Count));
            if (group.Size is { } size)
            {
                var noun = SceneWords.Noun(group.Kind, group.Count);
                results.Add(new RequirementResult(
                    $"the {SceneWords.Color(group.Color)} {noun} {(group.Count == 1 ? "is" : "are")} {SceneWords.Size(size)}",
                    members.Count > 0 && members.All(s => s.Size == size)));
            }
        }

        if (Relation is { } relation)
        {
            var (first, second) = (Groups[0], Groups[1]);
            var holds = scene.Shapes.Where(first.Includes).Any(a => scene.Shapes.Where(second.Includes).Any(b => relation.Holds(a, b)));
            results.Add(new RequirementResult(
                $"the {SceneWords.Color(first.Color)} {SceneWords.Noun(first.Kind, 1)} is {SceneWords.Relation(relation)} the {SceneWords.Color(second.Color)} {SceneWords.Noun(second.Kind, 1)}",
                holds));
        }

        results.Add(new RequirementResult("no other shapes", scene.Shapes.All(s => Groups.Any(g => g.Includes(s)))));
        if (Background is { } background)
        {
            results.Add(new RequirementResult($"a {SceneWords.Background(background)} background", scene.Background == background));
        }

        return results;
    }

    /// <summary>The fraction of requirements met, from 0 to 1.</summary>
    public double Score(Scene scene)
    {
        var results = Evaluate(scene);
        return (double)results.Count(r => r.Met) / results.Count;
    }

    public bool Matches(Scene scene) => Evaluate(scene).All(r => r.Met);

    /// <summary>The request every requirement of which <paramref name="scene"/> meets, naming sizes where a group shares one and the background.</summary>
    public static SceneRequest Describing(Scene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        if (scene.Shapes.Count == 0)
        {
            throw new ArgumentException("A scene without shapes has no caption.", nameof(scene));
        }

        var groups = scene.Shapes
            .GroupBy(s => (s.Kind, s.Color))
            .Select(g => new ShapeGroup(g.Count(), g.Key.Kind, g.Key.Color, g.Select(s => s.Size).Distinct().Count() == 1 ? g.First().Size : null))
            .ToList();
        if (groups.Any(g => g.Count > SceneWords.MaxCount))
        {
            throw new ArgumentException($"Captions count up to {SceneWords.MaxCount} shapes of a kind.", nameof(scene));
        }

        return new SceneRequest(groups, RelationBetween(scene.Shapes), scene.Background);
    }

    public bool Equals(SceneRequest? other) =>
        other is not null && Groups.SequenceEqual(other.Groups) && Relation == other.Relation && Background == other.Background;

    public override int GetHashCode() => HashCode.Combine(Groups.Count, Groups[0], Relation, Background);

    public override string ToString() => SceneCaption.Format(this);

    // Two different shapes are related along the axis where they are further apart, when that is a clear margin.
    private static SpatialRelation? RelationBetween(IReadOnlyList<SceneShape> shapes)
    {
        if (shapes.Count != 2 || (shapes[0].Kind == shapes[1].Kind && shapes[0].Color == shapes[1].Color))
        {
            return null;
        }

        var (first, second) = (shapes[0], shapes[1]);
        var dx = second.X - first.X;
        var dy = second.Y - first.Y;
        if (Math.Max(Math.Abs(dx), Math.Abs(dy)) < SpatialRelations.Margin)
        {
            return null;
        }

        return Math.Abs(dy) >= Math.Abs(dx)
            ? (dy > 0 ? SpatialRelation.Above : SpatialRelation.Below)
            : (dx > 0 ? SpatialRelation.LeftOf : SpatialRelation.RightOf);
    }
}
