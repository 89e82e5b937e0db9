namespace Feedback.Training.Datasets.Scenes;

/// <summary>A scene with the caption it was drawn for; <see cref="Request"/> is the caption parsed.</summary>
public sealed record CaptionedScene(Scene Scene, string Caption, SceneRequest Request);
