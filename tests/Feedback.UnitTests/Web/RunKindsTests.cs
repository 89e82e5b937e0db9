using Feedback.Core.Domain;
using Feedback.Jobs.Training;
using Feedback.Web.Components.Pages.Training;

namespace Feedback.UnitTests.Web;

public sealed class RunKindsTests
{
    [Fact]
    public void An_image_project_trains_an_image_reward_model_diffusion_dpo_and_ddpo_and_no_text_kind()
    {
        RunKinds.For(Modality.Image).ShouldBe([TrainingRunKind.ImageRewardModel, TrainingRunKind.DiffusionDpo, TrainingRunKind.DiffusionRl]);
        RunKinds.For(Modality.Image).ShouldNotContain(k => RunKinds.Text.Contains(k));
    }

    [Fact]
    public void A_text_project_trains_a_reward_model_dpo_and_rloo()
    {
        RunKinds.For(Modality.Text).ShouldBe([TrainingRunKind.RewardModel, TrainingRunKind.Dpo, TrainingRunKind.Rloo]);
    }

    [Fact]
    public void Only_the_reinforcement_kinds_run_without_a_snapshot_and_only_image_policies_draw_samples()
    {
        Enum.GetValues<TrainingRunKind>().Where(TrainingRunKinds.IsReinforcement).ShouldBe([TrainingRunKind.Rloo, TrainingRunKind.DiffusionRl], ignoreOrder: true);
        Enum.GetValues<TrainingRunKind>().Where(RunKinds.DrawsSamples).ShouldBe([TrainingRunKind.DiffusionDpo, TrainingRunKind.DiffusionRl], ignoreOrder: true);
    }

    [Theory]
    [InlineData(Modality.Text)]
    [InlineData(Modality.Image)]
    public void Every_offered_kind_has_a_label_and_defaults_that_are_accepted(Modality modality)
    {
        foreach (var kind in RunKinds.For(modality))
        {
            RunKinds.Label(kind).ShouldNotBe(kind.ToString(), $"{kind} has no label of its own");
            TrainingHyperparameters.Problem(kind, TrainingHyperparameters.DefaultsJson(kind)).ShouldBeNull();
        }
    }
}
