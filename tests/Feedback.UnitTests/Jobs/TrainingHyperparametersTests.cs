using Feedback.Core.Domain;
using Feedback.Jobs.Training;

namespace Feedback.UnitTests.Jobs;

public sealed class TrainingHyperparametersTests
{
    [Fact]
    public void A_misspelt_hyperparameter_is_refused_with_the_names_the_run_takes()
    {
        var problem = TrainingHyperparameters.Problem(TrainingRunKind.Dpo, """{ "Beta": 0.2, "lr": 1e-4 }""");

        problem.ShouldNotBeNull().ShouldStartWith("This kind of run has no hyperparameter \"lr\". It takes ");
        problem.ShouldContain("LearningRate");
        problem.ShouldNotContain("LossBeforeTraining");
    }

    [Fact]
    public void Names_are_matched_without_regard_to_case_and_computed_ones_are_let_through()
    {
        TrainingHyperparameters.Problem(TrainingRunKind.Dpo, """{ "beta": 0.2, "learningRate": 1e-4, "LossBeforeTraining": 0.69 }""").ShouldBeNull();
        TrainingHyperparameters.Problem(TrainingRunKind.RewardModel, "").ShouldBeNull();
    }

    [Fact]
    public void The_prefilled_defaults_hold_only_what_can_be_set()
    {
        TrainingHyperparameters.DefaultsJson(TrainingRunKind.Dpo).ShouldNotContain("LossBeforeTraining");
        TrainingHyperparameters.DefaultsJson(TrainingRunKind.DiffusionDpo).ShouldNotContain("LossBeforeTraining");
    }
}
