namespace Feedback.Training.Datasets.Scenes;

/// <summary>One thing a caption asks for, in words, and whether a scene has it.</summary>
public sealed record RequirementResult(string Description, bool Met);
