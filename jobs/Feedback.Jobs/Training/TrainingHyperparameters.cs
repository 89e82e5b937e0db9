using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Feedback.Core.Domain;
using Feedback.Training.Images.Preference;
using Feedback.Training.Text.Preference;

namespace Feedback.Jobs.Training;

/// <summary>A run's hyperparameters: the trainer's options read from JSON over their defaults, checked before anything runs.</summary>
public static class TrainingHyperparameters
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The defaults of a kind of run, as the JSON the console pre-fills.</summary>
    public static string DefaultsJson(TrainingRunKind kind) => kind switch
    {
        TrainingRunKind.RewardModel => JsonSerializer.Serialize(new RewardModelOptions(), Json),
        TrainingRunKind.Dpo => JsonSerializer.Serialize(new DpoOptions(), Json),
        TrainingRunKind.Rloo => JsonSerializer.Serialize(new RlooOptions(), Json),
        TrainingRunKind.ImageRewardModel => JsonSerializer.Serialize(new ImageRewardOptions(), Json),
        TrainingRunKind.DiffusionDpo => JsonSerializer.Serialize(new DiffusionDpoOptions(), Json),
        TrainingRunKind.DiffusionRl => JsonSerializer.Serialize(new DdpoOptions(), Json),
        _ => throw new NotSupportedException($"{kind} is not a kind of run."),
    };

    public static T Parse<T>(string? json)
        where T : new()
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new T();
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? new T();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The hyperparameters are not valid JSON for this kind of run: {e.Message}", e);
        }
    }

    /// <summary>Why the JSON cannot start a run of this kind, or null when it can.</summary>
    public static string? Problem(TrainingRunKind kind, string? json)
    {
        try
        {
            switch (kind)
            {
                case TrainingRunKind.RewardModel:
                    Check<RewardModelOptions>(json).Validate();
                    break;
                case TrainingRunKind.Dpo:
                    Check<DpoOptions>(json).Validate();
                    break;
                case TrainingRunKind.Rloo:
                    Check<RlooOptions>(json).Validate();
                    break;
                case TrainingRunKind.ImageRewardModel:
                    Check<ImageRewardOptions>(json).Validate();
                    break;
                case TrainingRunKind.DiffusionDpo:
                    Check<DiffusionDpoOptions>(json).Validate();
                    break;
                case TrainingRunKind.DiffusionRl:
                    Check<DdpoOptions>(json).Validate();
                    break;
                default:
                    return $"{kind} is not a kind of run.";
            }

            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Parses the options and refuses names they do not have, so that a misspelt one ("lr") is not silently replaced by
    /// its default. Names the options compute themselves are let through and ignored, as runs recorded them once.
    /// </summary>
    private static T Check<T>(string? json)
        where T : new()
    {
        var options = Parse<T>(json);
        if (string.IsNullOrWhiteSpace(json))
        {
            return options;
        }

        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var known = properties.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        using var document = JsonDocument.Parse(json);
        var unknown = document.RootElement.EnumerateObject().Select(p => p.Name).Where(name => !known.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            var settable = properties.Where(p => p.CanWrite && p.GetCustomAttribute<JsonIgnoreAttribute>() is null).Select(p => p.Name);
            throw new ArgumentException(
                $"This kind of run has no hyperparameter {string.Join(", ", unknown.Select(name => $"\"{name}\""))}. It takes {string.Join(", ", settable)}.");
        }

        return options;
    }

    /// <summary>The options as they will run, every default written out, for the run's record.</summary>
    public static string Normalize(TrainingRunKind kind, string? json) => kind switch
    {
        TrainingRunKind.RewardModel => JsonSerializer.Serialize(Parse<RewardModelOptions>(json), Json),
        TrainingRunKind.Dpo => JsonSerializer.Serialize(Parse<DpoOptions>(json), Json),
        TrainingRunKind.Rloo => JsonSerializer.Serialize(Parse<RlooOptions>(json), Json),
        TrainingRunKind.ImageRewardModel => JsonSerializer.Serialize(Parse<ImageRewardOptions>(json), Json),
        TrainingRunKind.DiffusionDpo => JsonSerializer.Serialize(Parse<DiffusionDpoOptions>(json), Json),
        TrainingRunKind.DiffusionRl => JsonSerializer.Serialize(Parse<DdpoOptions>(json), Json),
        _ => throw new NotSupportedException($"{kind} is not a kind of run."),
    };
}
