namespace Feedback.Training.Datasets.Scenes;

/// <summary>One noun phrase of a caption, as in "two large blue squares"; a null size means any size.</summary>
public sealed record ShapeGroup(int Count, ShapeKind Kind, ShapeColor Color, ShapeSize? Size = null)
{
    /// <summary>Whether a shape is of this group's kind and colour (size is checked on its own).</summary>
    public bool Includes(SceneShape shape) => shape.Kind == Kind && shape.Color == Color;
}
