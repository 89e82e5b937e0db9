using System.CommandLine;
using System.Globalization;
using Feedback.Training.Checkpoints;

namespace Feedback.Jobs.Commands;

/// <summary>Checks on option values that run while the command line is parsed, so a bad value is refused before any work starts.</summary>
internal static class OptionRules
{
    public static Option<int> AtLeast(this Option<int> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum}.");
            }
        });
        return option;
    }

    public static Option<int?> AtLeast(this Option<int?> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() < minimum)
            {
                result.AddError($"{option.Name} must be at least {minimum}.");
            }
        });
        return option;
    }

    public static Option<double> Positive(this Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and < double.PositiveInfinity))
            {
                result.AddError($"{option.Name} must be a positive number.");
            }
        });
        return option;
    }

    public static Option<double> NotNegative(this Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (>= 0 and < double.PositiveInfinity))
            {
                result.AddError($"{option.Name} must be 0 or more.");
            }
        });
        return option;
    }

    /// <summary>A share: from 0 to 1, both included.</summary>
    public static Option<double> Share(this Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (>= 0 and <= 1))
            {
                result.AddError($"{option.Name} must be between 0 and 1.");
            }
        });
        return option;
    }

    /// <summary>A folder that must already exist, such as a checkpoint to read.</summary>
    public static T ExistingFolder<T>(this T option)
        where T : Option
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } folder && !Directory.Exists(folder))
            {
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name}: the folder {folder} does not exist."));
            }
        });
        return option;
    }

    /// <summary>Where to train: cpu, cuda or cuda:N.</summary>
    public static Option<string> DeviceName(this Option<string> option)
    {
        option.Validators.Add(result =>
        {
            var name = result.GetValueOrDefault<string>()?.Trim().ToLowerInvariant();
            var known = name is "cpu" or "cuda"
                || (name?.StartsWith("cuda:", StringComparison.Ordinal) == true && int.TryParse(name.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out _));
            if (!known)
            {
                result.AddError($"{option.Name} is '{result.GetValueOrDefault<string>()}'; use cpu, cuda or cuda:N.");
            }
        });
        return option;
    }

    /// <summary>A checkpoint folder to read: it exists and holds the manifest that loading verifies.</summary>
    public static Option<string> CheckpointFolder(this Option<string> option)
    {
        option.ExistingFolder();
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } folder && Directory.Exists(folder) && !CheckpointManifest.Exists(folder))
            {
                result.AddError($"{option.Name}: {folder} is not a checkpoint folder (it has no {CheckpointManifest.FileName}).");
            }
        });
        return option;
    }
}
