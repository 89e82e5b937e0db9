using Feedback.Sampling.Diffusion;
using Feedback.Training.Images;

namespace Feedback.UnitTests.Images;

public sealed class DdimScheduleTests
{
    [Fact]
    public void Timesteps_are_evenly_spaced_from_the_noisiest_and_match_the_torchsharp_sampler()
    {
        var schedule = new DdimSchedule(1000, 1e-4, 0.02, steps: 20);

        schedule.Timesteps.Count.ShouldBe(20);
        schedule.Timesteps[0].ShouldBe(950);
        schedule.Timesteps[^1].ShouldBe(0);
        schedule.Next(19).ShouldBe(-1);
        schedule.AlphaBar(-1).ShouldBe(1.0);
        schedule.Timesteps.ShouldBe(DdimSampler.Timesteps(1000, 20));
    }

    [Fact]
    public void The_noise_schedule_matches_the_one_training_used()
    {
        var config = new ImageModelConfig();
        var training = new NoiseSchedule(config);
        var sampling = new DdimSchedule(config.TrainTimesteps, config.BetaStart, config.BetaEnd, steps: 10);

        foreach (var t in new[] { 0, 1, 500, 999 })
        {
            sampling.AlphaBar(t).ShouldBe(training.AlphaBars[t], 1e-9);
        }
    }

    [Fact]
    public void A_step_with_the_true_noise_recovers_the_clean_latent_at_the_last_step()
    {
        var schedule = new DdimSchedule(1000, 1e-4, 0.02, steps: 1);
        float[] clean = [0.5f, -1f, 2f];
        float[] noise = [1f, 0.3f, -0.7f];
        var t = schedule.Timesteps[0];
        var alphaBar = schedule.AlphaBar(t);
        var latents = clean.Select((x, i) => (float)((Math.Sqrt(alphaBar) * x) + (Math.Sqrt(1 - alphaBar) * noise[i]))).ToArray();

        schedule.Step(latents, noise, t, next: -1, eta: 0, noise: []);

        latents.Zip(clean, (a, b) => Math.Abs(a - b)).Max().ShouldBeLessThan(1e-3f);
    }
}
