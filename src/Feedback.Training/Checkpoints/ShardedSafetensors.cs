using System.Text.Json;
using static TorchSharp.torch;

namespace Feedback.Training.Checkpoints;

/// <summary>
/// A model's weights in a Hugging Face folder: model.safetensors, or shards (model-00001-of-00002.safetensors, ...)
/// listed by model.safetensors.index.json's weight_map.
/// </summary>
public static class ShardedSafetensors
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    public static bool Exists(string folder) =>
        File.Exists(Path.Combine(folder, SingleFile)) || File.Exists(Path.Combine(folder, IndexFile));

    /// <summary>The files <see cref="Read"/> reads, relative to the folder: model.safetensors, or the index and its shards.</summary>
    public static IReadOnlyList<string> Files(string folder)
    {
        if (File.Exists(Path.Combine(folder, SingleFile)))
        {
            return [SingleFile];
        }

        var index = Path.Combine(folder, IndexFile);
        return File.Exists(index)
            ? [IndexFile, .. ReadWeightMap(index).Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]
            : [];
    }

    public static Dictionary<string, Tensor> Read(string folder)
    {
        var single = Path.Combine(folder, SingleFile);
        if (File.Exists(single))
        {
            return Safetensors.Read(single);
        }

        var index = Path.Combine(folder, IndexFile);
        if (!File.Exists(index))
        {
            throw new FileNotFoundException($"{folder} holds no weights: expected {SingleFile} or {IndexFile} with its shards.");
        }

        var weightMap = ReadWeightMap(index);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var shard in weightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var shardPath = Path.Combine(folder, shard);
            if (!File.Exists(shardPath))
            {
                throw new FileNotFoundException($"{IndexFile} lists the shard {shard}, which is not in {folder}.", shardPath);
            }

            foreach (var (name, values) in Safetensors.Read(shardPath))
            {
                if (!tensors.TryAdd(name, values))
                {
                    throw new InvalidDataException($"Tensor '{name}' is in more than one shard of {folder}.");
                }
            }
        }

        var missing = weightMap.Keys.Where(name => !tensors.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{IndexFile} lists tensors that its shards lack: {string.Join(", ", missing.Take(10))}.");
        }

        return tensors;
    }

    private static Dictionary<string, string> ReadWeightMap(string index)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(index));
            if (!document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{index} has no weight_map object.");
            }

            var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in map.EnumerateObject())
            {
                var shard = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : null;
                if (string.IsNullOrEmpty(shard) || Path.GetFileName(shard) != shard)
                {
                    throw new InvalidDataException($"{index} maps '{entry.Name}' to '{shard}', which is not a file name in the folder.");
                }

                weightMap[entry.Name] = shard;
            }

            return weightMap;
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{index} is not valid JSON: {error.Message}", error);
        }
    }
}
