namespace Feedback.Training.Datasets.Scenes;

/// <summary>Small shapes span about a quarter of the image's width, large ones nearly half.</summary>
public enum ShapeSize
{
    Small,
    Large,
}
