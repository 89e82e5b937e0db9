namespace Feedback.Training.Datasets.Scenes;

/// <summary>What an image shows: a plain background and shapes drawn in list order, later ones on top.</summary>
public sealed record Scene(SceneBackground Background, IReadOnlyList<SceneShape> Shapes)
{
    public bool Equals(Scene? other) => other is not null && Background == other.Background && Shapes.SequenceEqual(other.Shapes);

    public override int GetHashCode() => HashCode.Combine(Background, Shapes.Count);
}
