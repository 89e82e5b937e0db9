using Feedback.Training.Text.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Feedback.Training.Text.Preference;

/// <summary>
/// The step loop the preference trainers share: AdamW with warm-up and cosine decay, fp32 only, each step a
/// <see cref="GuardedStep"/>; a step that is not taken is counted, and too many in a row stop the run with
/// <see cref="TrainingDivergedException"/>. Every <see cref="GuardedLoopSettings.SaveEvery"/> steps, at the end and
/// when the run stops early it evaluates and saves a resume point; run again over the same folder, it carries on from
/// the last one. Steps must depend only on their index (and the seed) for a resumed run to match an unbroken one.
/// </summary>
internal sealed class GuardedTrainingLoop(GuardedLoopSettings settings, string runDirectory)
{
    private const double MinLearningRateRatio = 0.1;

    /// <summary>The first line of LibTorch's message when it last failed a step, if it did.</summary>
    public string? LastFault { get; private set; }

    /// <summary>Test hook: the steps whose loss is made NaN, to exercise the guard.</summary>
    public Func<int, bool>? CorruptLossAt { get; init; }

    /// <param name="savedModules">What a resume point holds, by file name; loaded before the first step when there is one.</param>
    /// <param name="trainable">The parameters the optimizer updates.</param>
    /// <param name="step">The loss and metrics of a step index, computed inside the step's dispose scope.</param>
    /// <param name="evaluate">Held-out metrics (keys prefixed "eval/"); null to keep the last step's own metrics as the final ones.</param>
    /// <param name="stopEarly">A reason to stop after a step, judged from its metrics; null to carry on.</param>
    public PreferenceTrainingReport Run(
        IReadOnlyDictionary<string, nn.Module> savedModules,
        IReadOnlyList<Parameter> trainable,
        Func<int, StepLoss> step,
        Func<IReadOnlyDictionary<string, double>>? evaluate,
        Func<IReadOnlyDictionary<string, double>, string?>? stopEarly,
        IProgress<TrainingStepMetrics>? progress,
        CancellationToken ct)
    {
        var notFloat = trainable.FirstOrDefault(parameter => parameter.dtype != ScalarType.Float32);
        if (notFloat is not null)
        {
            throw new ArgumentException($"Preference training runs in fp32, but a parameter is {notFloat.dtype}.", nameof(trainable));
        }

        using var optimizer = optim.AdamW(trainable, lr: settings.LearningRate, weight_decay: settings.WeightDecay);
        var resume = new ResumePoint<PreferenceResumeState>(runDirectory);
        var state = resume.TryLoad(savedModules, optimizer) ?? new PreferenceResumeState(0, 0, null, null);
        if (state.StoppedEarlyReason is not null || state.Step >= settings.Steps)
        {
            return new PreferenceTrainingReport(
                state.Step, state.NonFiniteSteps, state.LastHeldOut ?? Evaluate(evaluate, new Dictionary<string, double>()), state.StoppedEarlyReason);
        }

        var nonFiniteInARow = 0;
        for (var index = state.Step; index < settings.Steps; index++)
        {
            ct.ThrowIfCancellationRequested();
            var learningRate = LearningRateSchedule.At(index, settings.Steps, settings.WarmupSteps, settings.LearningRate, MinLearningRateRatio);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate;
            }

            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            var result = GuardedStep.Take(optimizer, trainable, settings.ClipNorm, () =>
            {
                values.Clear();
                var (loss, metrics) = step(index);
                foreach (var (name, value) in metrics)
                {
                    values[name] = value;
                }

                return CorruptLossAt?.Invoke(index) == true ? loss * double.NaN : loss;
            });
            LastFault = result.Fault ?? LastFault;
            values["loss"] = result.Loss;
            values["grad_norm"] = result.GradNorm;
            var finite = result.Taken;
            if (finite)
            {
                nonFiniteInARow = 0;
            }
            else
            {
                state = state with { NonFiniteSteps = state.NonFiniteSteps + 1 };
                if (++nonFiniteInARow >= settings.MaxNonFiniteInARow)
                {
                    throw new TrainingDivergedException(
                        $"The loss or its gradients were not finite for {nonFiniteInARow} steps in a row (up to step {index + 1}); " +
                        "lower the learning rate or check the data. The last resume point is kept." +
                        (LastFault is null ? "" : $" LibTorch last failed a step with: {LastFault}"));
                }
            }

            values["learning_rate"] = learningRate;
            values["skipped_steps"] = state.NonFiniteSteps;
            var done = index + 1;
            var reason = stopEarly?.Invoke(values);
            var save = done % settings.SaveEvery == 0 || done == settings.Steps || reason is not null;
            if (save)
            {
                var heldOut = Evaluate(evaluate, values);
                if (evaluate is not null)
                {
                    foreach (var (name, value) in heldOut)
                    {
                        values[name] = value;
                    }
                }

                state = state with { Step = done, LastHeldOut = new Dictionary<string, double>(heldOut, StringComparer.Ordinal), StoppedEarlyReason = reason };
                resume.Save(savedModules, optimizer, state);
            }

            progress?.Report(new TrainingStepMetrics(done, settings.Steps, values, save && evaluate is not null));
            if (reason is not null)
            {
                return new PreferenceTrainingReport(done, state.NonFiniteSteps, state.LastHeldOut!, reason);
            }
        }

        return new PreferenceTrainingReport(settings.Steps, state.NonFiniteSteps, state.LastHeldOut!, null);
    }

    private static IReadOnlyDictionary<string, double> Evaluate(
        Func<IReadOnlyDictionary<string, double>>? evaluate, IReadOnlyDictionary<string, double> stepValues) =>
        evaluate?.Invoke() ?? stepValues;
}
