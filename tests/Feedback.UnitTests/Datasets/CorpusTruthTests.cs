using Feedback.Training.Datasets.Text;

namespace Feedback.UnitTests.Datasets;

public sealed class CorpusTruthTests
{
    // The seed and size of the demo project's text content (DemoSeeder and DemoTextItems in Feedback.Jobs).
    private const int DemoSeed = 20261123;
    private const int DemoExamples = 92;

    [Fact]
    public void Every_prompt_is_found_with_its_earlier_turns_and_only_with_them()
    {
        var examples = InstructionCorpus.Generate(400, seed: 12).ToList();
        var truth = new CorpusTruth(examples);

        foreach (var example in examples)
        {
            var turns = example.EarlierTurns.Select(t => (t.Role, t.Text)).ToList();
            truth.TryFind($" {example.Prompt}\n", turns, out var found).ShouldBeTrue(example.Prompt);
            found.Prompt.ShouldBe(example.Prompt);
            found.EarlierTurns.ShouldBe(example.EarlierTurns);
            if (!truth.Conflicts.Contains(example))
            {
                GeneratedAnswerJudge.Judge(found, example.RightAnswer).Correct.ShouldBeTrue(example.RightAnswer);
            }
        }

        var followUp = examples.First(e => e.EarlierTurns.Count > 0);
        truth.TryFind(followUp.Prompt, [], out _).ShouldBeFalse();
        truth.TryFind("What is the meaning of life?", [], out _).ShouldBeFalse();
    }

    [Fact]
    public void A_prompt_with_two_right_answers_keeps_the_first_and_lists_the_other()
    {
        var first = Example("Can you suggest a short name for my cat?", "How about Milo?");
        var same = Example("Can you suggest a short name for my cat?", "Milo would be a nice name.");
        var other = Example("Can you suggest a short name for my cat?", "How about Luna?");

        var truth = new CorpusTruth([first, same, other]);

        truth.Count.ShouldBe(1);
        truth.TryFind(first.Prompt, [], out var found).ShouldBeTrue();
        found.ShouldBeSameAs(first);
        truth.Conflicts.ShouldBe([other]);
    }

    [Fact]
    public void The_demo_prompts_each_have_one_truth()
    {
        var truth = CorpusTruth.FromCorpus(DemoExamples, DemoSeed);

        truth.Conflicts.ShouldBeEmpty();
        truth.Count.ShouldBeGreaterThan(80);
    }

    private static InstructionExample Example(string prompt, string right)
    {
        var best = new CorpusAnswer(right, AnswerQuality.Ideal);
        return new InstructionExample(InstructionFamilies.Requests, prompt, [], best, [best], right, "How about Sir Reginald Fluffington the Third?");
    }
}
