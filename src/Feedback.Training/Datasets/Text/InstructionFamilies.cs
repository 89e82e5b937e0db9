namespace Feedback.Training.Datasets.Text;

/// <summary>The names of the task families in <see cref="InstructionCorpus"/>.</summary>
public static class InstructionFamilies
{
    public const string Arithmetic = "arithmetic";
    public const string Units = "units";
    public const string Facts = "facts";
    public const string Rewriting = "rewriting";
    public const string Requests = "requests";
}
