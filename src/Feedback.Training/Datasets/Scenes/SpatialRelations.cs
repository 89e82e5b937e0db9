namespace Feedback.Training.Datasets.Scenes;

/// <summary>When a relation between two shapes holds: their centres must be apart by a clear margin along its axis.</summary>
public static class SpatialRelations
{
    /// <summary>How far apart, as a fraction of the image, two centres must be for one to count as above (or left of) the other.</summary>
    public const float Margin = 0.1f;

    public static bool Holds(this SpatialRelation relation, SceneShape first, SceneShape second) => relation switch
    {
        SpatialRelation.Above => second.Y - first.Y >= Margin,
        SpatialRelation.Below => first.Y - second.Y >= Margin,
        SpatialRelation.LeftOf => second.X - first.X >= Margin,
        SpatialRelation.RightOf => first.X - second.X >= Margin,
        _ => false,
    };

    public static bool IsVertical(this SpatialRelation relation) => relation is SpatialRelation.Above or SpatialRelation.Below;
}
