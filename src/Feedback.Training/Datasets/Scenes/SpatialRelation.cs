namespace Feedback.Training.Datasets.Scenes;

/// <summary>Where the first shape of a caption is with respect to the second, in image coordinates (Y grows downwards).</summary>
public enum SpatialRelation
{
    Above,
    Below,
    LeftOf,
    RightOf,
}
