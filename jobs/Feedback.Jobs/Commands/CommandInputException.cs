namespace Feedback.Jobs.Commands;

/// <summary>What a command was given cannot work; the message says why, and the command line prints only that.</summary>
internal sealed class CommandInputException(string message) : Exception(message);
