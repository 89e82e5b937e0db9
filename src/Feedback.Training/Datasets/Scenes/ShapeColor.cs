namespace Feedback.Training.Datasets.Scenes;

/// <summary>The colours a shape can have; none of them is close to a <see cref="SceneBackground"/>.</summary>
public enum ShapeColor
{
    Red,
    Green,
    Blue,
    Yellow,
    Purple,
    White,
}
