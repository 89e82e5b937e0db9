namespace Feedback.Core.Database;

internal sealed record ProcessResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public string Output => string.IsNullOrWhiteSpace(StandardError)
        ? StandardOutput.Trim()
        : (StandardOutput.Trim() + Environment.NewLine + StandardError.Trim()).Trim();
}
