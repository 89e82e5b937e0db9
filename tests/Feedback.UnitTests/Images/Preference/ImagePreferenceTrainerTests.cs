using Feedback.Training.Images;
using Feedback.Training.Images.Adherence;
using Feedback.Training.Images.Preference;
using Feedback.UnitTests.Training.Preference;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Images.Preference;

/// <summary>The image preference trainers on a tiny model: red squares are preferred to blue ones, whatever the caption says.</summary>
public sealed class ImagePreferenceTrainerTests : IDisposable
{
    private const int Size = 16;
    private readonly string _directory = Directory.CreateTempSubdirectory("feedback-image-preference-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Diffusion_dpo_starts_at_ln_2_because_the_policy_begins_as_the_reference()
    {
        using var policy = NewModel();
        using var reference = CopyOf(policy);
        var steps = new RecordedSteps();
        var options = new DiffusionDpoOptions { Steps = 2, BatchSize = 4, SaveEvery = 2, EvalRepeats = 1, Beta = 500, WarmupSteps = 0 };

        new DiffusionDpoTrainer(options).Run(policy, reference, Pairs(8, seed: 1), Pairs(4, seed: 2), Run("dpo-start"), steps);

        steps.Steps[0].Values["loss"].ShouldBe(Math.Log(2), 1e-5);
        steps.Steps[0].Values["mse/policy_chosen"].ShouldBe(steps.Steps[0].Values["mse/reference_chosen"], 1e-6);
        steps.Steps[^1].Values.ContainsKey("eval/implicit_accuracy").ShouldBeTrue();
    }

    [Fact]
    public void Diffusion_dpo_learns_to_denoise_winners_better_than_losers()
    {
        using var policy = NewModel();
        using var reference = CopyOf(policy);
        var steps = new RecordedSteps();
        var options = new DiffusionDpoOptions { Steps = 60, BatchSize = 8, SaveEvery = 60, EvalRepeats = 4, Beta = 500, LearningRate = 1e-3, WarmupSteps = 5 };

        var report = new DiffusionDpoTrainer(options).Run(policy, reference, Pairs(32, seed: 3), Pairs(16, seed: 4), Run("dpo-learns"), steps);

        report.FinalHeldOut["eval/loss"].ShouldBeLessThan(Math.Log(2));
        report.FinalHeldOut["eval/implicit_accuracy"].ShouldBeGreaterThan(0.6);
    }

    [Fact]
    public void A_stopped_diffusion_dpo_run_resumes_from_its_last_save()
    {
        var options = new DiffusionDpoOptions { Steps = 6, BatchSize = 4, SaveEvery = 2, EvalRepeats = 1, Beta = 500, LearningRate = 1e-3, WarmupSteps = 1 };
        var (train, heldOut) = (Pairs(8, seed: 9), Pairs(4, seed: 10));
        using (var stopped = NewModel())
        using (var reference = CopyOf(stopped))
        using (var stop = new CancellationTokenSource())
        {
            Should.Throw<OperationCanceledException>(
                () => new DiffusionDpoTrainer(options).Run(stopped, reference, train, heldOut, Run("resumed"), new StopAfter(3, stop), stop.Token));
        }

        using var resumed = NewModel();
        using var resumedReference = CopyOf(resumed);
        var steps = new RecordedSteps();
        new DiffusionDpoTrainer(options).Run(resumed, resumedReference, train, heldOut, Run("resumed"), steps).StepsDone.ShouldBe(6);

        // It carried on after the save at step 2, from the weights saved there, not from the start.
        steps.Steps.Select(s => s.Step).ShouldBe([3, 4, 5, 6]);
        steps.Steps[0].Values["mse/policy_chosen"].ShouldNotBe(steps.Steps[0].Values["mse/reference_chosen"]);
    }

    [Fact]
    public void Diffusion_dpo_through_lora_changes_only_the_cross_attention_and_merges_into_it()
    {
        using var policy = NewModel();
        using var reference = CopyOf(policy);
        var before = policy.ExportWeights().ToDictionary(p => p.Key, p => p.Value.clone());
        var options = new DiffusionDpoOptions { Steps = 10, BatchSize = 4, SaveEvery = 10, EvalRepeats = 1, Beta = 500, LearningRate = 1e-2, LoraRank = 2 };

        new DiffusionDpoTrainer(options).Run(policy, reference, Pairs(8, seed: 5), Pairs(4, seed: 6), Run("dpo-lora"));

        var changed = policy.ExportWeights().Where(p => !p.Value.allclose(before[p.Key])).Select(p => p.Key).ToList();
        changed.ShouldNotBeEmpty();
        changed.ShouldAllBe(name => DiffusionDpoTrainer.LoraTargets.Any(target => name.EndsWith($".{target}.weight", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_image_reward_model_learns_which_images_raters_prefer()
    {
        using var model = new ImageRewardModel(ImageRewardConfig.From(LatentDiffusionModelTests.Tiny) with { ImageSize = Size });
        var options = new ImageRewardOptions { Steps = 40, BatchSize = 8, SaveEvery = 40, LearningRate = 1e-3, WarmupSteps = 2, TrainFullHead = true };

        var report = new ImageRewardTrainer(options).Run(model, Pairs(32, seed: 7), Pairs(16, seed: 8), Run("reward"));

        report.FinalHeldOut["eval/accuracy"].ShouldBeGreaterThan(0.9);
    }

    [Fact]
    public void An_image_reward_model_starts_from_the_adherence_classifier_and_the_image_models_caption_encoder()
    {
        using var imageModel = NewModel();
        using var classifier = new AdherenceClassifier(Size);

        using var rewardModel = ImageRewardModel.FromPretrained(classifier, imageModel);

        var weights = rewardModel.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in classifier.named_parameters())
        {
            weights[$"image_encoder.{name}"].allclose(parameter).ShouldBeTrue(name);
        }

        foreach (var (name, parameter) in imageModel.named_parameters().Where(p => p.name.StartsWith("text_encoder.", StringComparison.Ordinal)))
        {
            weights[$"caption_encoder.{name["text_encoder.".Length..]}"].allclose(parameter).ShouldBeTrue(name);
        }
    }

    [Fact]
    public void Ddpo_takes_clipped_policy_gradient_steps_and_its_first_update_has_ratio_one()
    {
        using var policy = NewModel();
        using var rewardModel = new ImageRewardModel(ImageRewardConfig.From(LatentDiffusionModelTests.Tiny) with { ImageSize = Size });
        var before = policy.ExportWeights().ToDictionary(p => p.Key, p => p.Value.clone());
        var steps = new RecordedSteps();
        // Two batches of chains, two updates each: LibTorch now and then returns a non-finite gradient on more than one
        // thread, and the guard skips that step, so one batch alone could leave the weights as they were.
        var options = new DdpoOptions { Steps = 4, PromptsPerBatch = 2, SamplesPerPrompt = 2, SamplingSteps = 3, SaveEvery = 2, WarmupSteps = 0, LearningRate = 1e-3 };

        new DdpoTrainer(options).Run(policy, rewardModel, ["a red square", "a blue circle"], ["a green triangle"], Run("ddpo"), steps);

        steps.Steps.Count.ShouldBe(4);
        steps.Steps[^1].Values["skipped_steps"].ShouldBeLessThan(4);
        steps.Steps[0].Values["approx_kl"].ShouldBe(0, 1e-9);
        steps.Steps[0].Values["clip_fraction"].ShouldBe(0);
        steps.Steps[1].Values["reward_mean"].ShouldBe(steps.Steps[0].Values["reward_mean"]);
        double.IsFinite(steps.Steps[^1].Values["eval/reward"]).ShouldBeTrue();
        policy.ExportWeights().Any(p => p.Key.StartsWith("unet.", StringComparison.Ordinal) && !p.Value.allclose(before[p.Key])).ShouldBeTrue();
        policy.ExportWeights().Where(p => !p.Key.StartsWith("unet.", StringComparison.Ordinal)).ShouldAllBe(p => p.Value.allclose(before[p.Key]));
    }

    [Fact]
    public void A_ddim_step_log_probability_is_the_gaussian_density_averaged_over_dimensions()
    {
        using var sample = tensor(new[] { 1f, 2f }, [1, 2]);
        using var mean = tensor(new[] { 0f, 2f }, [1, 2]);

        using var logProbability = DdimStep.LogProbability(sample, mean, sigma: 0.5);

        var density = (double d) => (-(d * d) / (2 * 0.25)) - Math.Log(0.5) - (0.5 * Math.Log(2 * Math.PI));
        logProbability.item<float>().ShouldBe((float)((density(1) + density(0)) / 2), 1e-5f);
    }

    private static LatentDiffusionModel NewModel()
    {
        manual_seed(11);
        return new LatentDiffusionModel(LatentDiffusionModelTests.Tiny);
    }

    private static LatentDiffusionModel CopyOf(LatentDiffusionModel model)
    {
        var copy = new LatentDiffusionModel(model.Config);
        copy.LoadWeights(model.ExportWeights());
        copy.eval();
        return copy;
    }

    private static List<ImagePreferencePair> Pairs(int count, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => new ImagePreferencePair(rng.Next(2) == 0 ? "a red square" : "a square", Filled(200, rng), Filled(0, rng)))
            .ToList();
    }

    /// <summary>A square image that is mostly red (or mostly blue when <paramref name="red"/> is 0), with a little noise.</summary>
    private static byte[] Filled(int red, Random rng)
    {
        var rgb = new byte[Size * Size * 3];
        for (var p = 0; p < Size * Size; p++)
        {
            rgb[p * 3] = (byte)Math.Clamp(red + rng.Next(-20, 20), 0, 255);
            rgb[(p * 3) + 1] = (byte)rng.Next(0, 30);
            rgb[(p * 3) + 2] = (byte)Math.Clamp(200 - red + rng.Next(-20, 20), 0, 255);
        }

        return rgb;
    }

    private string Run(string name) => Path.Combine(_directory, name);
}
