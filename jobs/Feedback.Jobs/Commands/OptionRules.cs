using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Feedback.Training.Checkpoints;

namespace Feedback.Jobs.Commands;

/// <summary>Checks on option values that run while the command line is parsed, so a bad value is refused before any work starts.</summary>
internal static class OptionRules
{
    public static Option<int> AtLeast(this Option<int> option, int minimum) =>
        Refuse(option, r => r.GetValueOrDefault<int>() < minimum ? $"{option.Name} must be at least {minimum}." : null);

    public static Option<int?> AtLeast(this Option<int?> option, int minimum) =>
        Refuse(option, r => r.GetValueOrDefault<int?>() < minimum ? $"{option.Name} must be at least {minimum}." : null);

    public static Option<double> Positive(this Option<double> option) =>
        Refuse(option, r => r.GetValueOrDefault<double>() is > 0 and < double.PositiveInfinity ? null : $"{option.Name} must be a positive number.");

    public static Option<double> NotNegative(this Option<double> option) =>
        Refuse(option, r => r.GetValueOrDefault<double>() is >= 0 and < double.PositiveInfinity ? null : $"{option.Name} must be 0 or more.");

    /// <summary>A share: from 0 to 1, both included.</summary>
    public static Option<double> Share(this Option<double> option) =>
        Refuse(option, r => r.GetValueOrDefault<double>() is >= 0 and <= 1 ? null : $"{option.Name} must be between 0 and 1.");

    /// <summary>A folder that must already exist, such as a checkpoint to read.</summary>
    public static T ExistingFolder<T>(this T option)
        where T : Option =>
        Refuse(option, r => r.GetValueOrDefault<string?>() is { } folder && !Directory.Exists(folder)
            ? $"{option.Name}: the folder {folder} does not exist."
            : null);

    /// <summary>A checkpoint folder to read: it exists and holds the manifest that loading verifies.</summary>
    public static Option<string> CheckpointFolder(this Option<string> option) =>
        Refuse(option.ExistingFolder(), r => r.GetValueOrDefault<string>() is { } folder && Directory.Exists(folder) && !CheckpointManifest.Exists(folder)
            ? $"{option.Name}: {folder} is not a checkpoint folder (it has no {CheckpointManifest.FileName})."
            : null);

    /// <summary>Where to train: cpu, cuda or cuda:N.</summary>
    public static Option<string> DeviceName(this Option<string> option) =>
        Refuse(option, r =>
        {
            var name = r.GetValueOrDefault<string>()?.Trim().ToLowerInvariant();
            var known = name is "cpu" or "cuda"
                || (name?.StartsWith("cuda:", StringComparison.Ordinal) == true && int.TryParse(name.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out _));
            return known ? null : $"{option.Name} is '{r.GetValueOrDefault<string>()}'; use cpu, cuda or cuda:N.";
        });

    /// <summary>Adds the check: <paramref name="problem"/> gives the message for a value it refuses, null for one it accepts.</summary>
    private static T Refuse<T>(T option, Func<OptionResult, string?> problem)
        where T : Option
    {
        option.Validators.Add(result =>
        {
            if (problem(result) is { } message)
            {
                result.AddError(message);
            }
        });
        return option;
    }
}
