namespace Feedback.Training.Datasets.Scenes;

/// <summary>Dark, plain backgrounds, so that every <see cref="ShapeColor"/> stands out on each of them.</summary>
public enum SceneBackground
{
    Black,
    Gray,
    DarkBlue,
    Brown,
}
