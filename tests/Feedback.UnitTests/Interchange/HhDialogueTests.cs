using Feedback.Core.Domain;
using Feedback.Core.Interchange;

namespace Feedback.UnitTests.Interchange;

public sealed class HhDialogueTests
{
    [Fact]
    public void A_pair_splits_at_the_last_shared_assistant_turn_and_renders_back_exactly()
    {
        const string chosen = "\n\nHuman: Hi\n\nAssistant: Hello.\n\nHuman: Tell me a joke\n\nAssistant: Why did the chicken cross the road?";
        const string rejected = "\n\nHuman: Hi\n\nAssistant: Hello.\n\nHuman: Tell me a joke\n\nAssistant:  No.";

        var (split, problem) = HhDialogue.SplitPair(chosen, rejected);

        problem.ShouldBeNull();
        split!.Instruction.ShouldBe("Tell me a joke");
        split.EarlierTurns.ShouldBe([new DialogueTurn("user", "Hi"), new DialogueTurn("assistant", "Hello.")]);
        split.Chosen.ShouldBe("Why did the chicken cross the road?");
        split.Rejected.ShouldBe(" No.");
        var prompt = HhDialogue.RenderPrompt(split.EarlierTurns, split.Instruction);
        (prompt + HhDialogue.RenderAnswer(split.Chosen)).ShouldBe(chosen);
        (prompt + HhDialogue.RenderAnswer(split.Rejected)).ShouldBe(rejected);
    }

    [Fact]
    public void Answers_that_run_on_into_more_turns_stay_whole_in_the_answer()
    {
        const string chosen = "\n\nHuman: Q\n\nAssistant: A\n\nAssistant: more";
        const string rejected = "\n\nHuman: Q\n\nAssistant: B";

        var (split, _) = HhDialogue.SplitPair(chosen, rejected);

        split!.Instruction.ShouldBe("Q");
        split.Chosen.ShouldBe("A\n\nAssistant: more");
        (HhDialogue.RenderPrompt(split.EarlierTurns, split.Instruction) + HhDialogue.RenderAnswer(split.Chosen)).ShouldBe(chosen);
    }

    [Theory]
    [InlineData("Human: Q\n\nAssistant: A", "\n\nHuman: Q\n\nAssistant: B", "must start")]
    [InlineData("\n\nHuman: Q\n\nAssistant: A", "\n\nHuman: Q\n\nAssistant: A", "the same")]
    [InlineData("\n\nHuman: Q\n\nAssistant: A", "\n\nHuman: R\n\nAssistant: A", "share no human turn")]
    public void A_pair_that_cannot_be_split_says_why(string chosen, string rejected, string reason)
    {
        var (split, problem) = HhDialogue.SplitPair(chosen, rejected);

        split.ShouldBeNull();
        problem!.ShouldContain(reason);
    }
}
