namespace Feedback.Training.Datasets.Scenes;

public readonly record struct RgbColor(byte R, byte G, byte B);
