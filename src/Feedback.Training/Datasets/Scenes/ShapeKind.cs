namespace Feedback.Training.Datasets.Scenes;

public enum ShapeKind
{
    Circle,
    Square,
    Triangle,
}
