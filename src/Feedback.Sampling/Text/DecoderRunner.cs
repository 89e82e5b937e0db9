using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Feedback.Sampling.Text;

/// <summary>Runs a decoder once over some columns of a <see cref="TokenBatch"/>, feeding a past key/value cache or an empty one.</summary>
internal sealed class DecoderRunner
{
    private readonly InferenceSession _session;
    private readonly TextModelInfo _model;
    private readonly string[] _outputsWithPresent;
    private readonly string[] _logitsOnly = [DecoderTensorNames.Logits];

    public DecoderRunner(InferenceSession session, TextModelInfo model)
    {
        _session = session;
        _model = model;
        _outputsWithPresent = [DecoderTensorNames.Logits, .. Enumerable.Range(0, model.LayerCount)
            .SelectMany(layer => new[] { DecoderTensorNames.PresentKey(layer), DecoderTensorNames.PresentValue(layer) })];
    }

    /// <param name="start">The first column to run; the columns before it must be what <paramref name="past"/> covers.</param>
    /// <param name="past">The previous run's presents, or null to start from an empty cache.</param>
    /// <param name="keepPresent">Whether to return the presents for the next run.</param>
    public DecoderOutput Run(TokenBatch batch, int start, DecoderOutput? past, bool keepPresent, RunOptions options)
    {
        var pastLength = past?.CachedLength ?? 0;
        if (pastLength != start)
        {
            throw new InvalidOperationException($"The cache covers {pastLength} columns but the run starts at column {start}.");
        }

        var count = batch.Length - start;
        using var inputs = new DecoderInputs();
        long rows = batch.Rows;
        inputs.Add(DecoderTensorNames.InputIds, batch.InputIds(start, count), rows, count);
        inputs.Add(DecoderTensorNames.AttentionMask, batch.AttentionMask(), rows, batch.Length);
        if (_model.TakesPositionIds)
        {
            inputs.Add(DecoderTensorNames.PositionIds, batch.PositionIds(start, count), rows, count);
        }

        if (_model.TakesUseCacheBranch)
        {
            inputs.Add(DecoderTensorNames.UseCacheBranch, [past is not null], 1);
        }

        if (_model.HasKeyValueCache)
        {
            AddPast(inputs, past, rows);
        }

        var outputNames = keepPresent && _model.HasKeyValueCache ? _outputsWithPresent : _logitsOnly;
        var output = new DecoderOutput(_session.Run(options, inputs.Names, inputs.Values, outputNames), _model.LayerCount, pastLength);
        if (output.Rows != batch.Rows || output.SequenceLength != count)
        {
            output.Dispose();
            throw new InvalidDataException(
                $"The decoder returned logits for {output.Rows} rows of {output.SequenceLength} tokens; it was given {batch.Rows} rows of {count}.");
        }

        return output;
    }

    private void AddPast(DecoderInputs inputs, DecoderOutput? past, long rows)
    {
        // Every layer's first past is the same empty tensor, as in Optimum's first step.
        var empty = past is null
            ? inputs.Own(OrtValue.CreateAllocatedTensorValue(
                OrtAllocator.DefaultInstance, TensorElementType.Float, [rows, _model.KeyValueHeads, 0, _model.HeadSize]))
            : null;
        for (var layer = 0; layer < _model.LayerCount; layer++)
        {
            inputs.AddBorrowed(DecoderTensorNames.PastKey(layer), past?.PresentKey(layer) ?? empty!);
            inputs.AddBorrowed(DecoderTensorNames.PastValue(layer), past?.PresentValue(layer) ?? empty!);
        }
    }
}
