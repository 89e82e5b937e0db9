namespace Feedback.Core.Domain;

public enum PreferenceStrength
{
    Slightly = 1,
    Clearly = 2,
    Much = 3,
}
