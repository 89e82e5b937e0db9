namespace Feedback.Core.Accounts;

public static class Roles
{
    public const string Annotator = "Annotator";
    public const string Researcher = "Researcher";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Annotator, Researcher, Admin];
}
