namespace Feedback.Core.Domain;

public enum Modality
{
    Text = 0,
    Image = 1,
}
