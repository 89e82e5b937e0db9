namespace Feedback.Training.Images.Preference;

/// <summary>One image preference: the chosen and the rejected image for a caption, each as row-major RGB bytes at the model's size.</summary>
public sealed record ImagePreferencePair(string Caption, byte[] ChosenRgb, byte[] RejectedRgb);
