using Feedback.Training.Datasets.Text;

namespace Feedback.UnitTests.Datasets;

public sealed class GeneratedAnswerJudgeTests
{
    private static readonly InstructionExample Sum = Truth("What is 2 + 83?", "The answer is 85.", "The answer is 86.");

    private static readonly InstructionExample Groceries = Truth(
        "Turn this into a bulleted list: eggs, milk and bread.", "- eggs\n- milk\n- bread", "- eggs\n- bread");

    private static readonly InstructionExample Emphasis = Truth(
        "Put the day in bold: The report is due on Monday.", "The report is due on **Monday**.", "The **report** is due on Monday.");

    [Theory]
    [InlineData(3, 6000)]
    [InlineData(20261123, 3000)]
    public void Every_corpus_answer_is_judged_exactly_as_the_corpus_rates_it(int seed, int count)
    {
        var judged = 0;
        foreach (var example in InstructionCorpus.Generate(count, seed))
        {
            foreach (var variant in example.Variants)
            {
                GeneratedAnswerJudge.Judge(example, variant.Text).ShouldBe(variant.Quality, $"{example.Prompt} -> {variant.Text}");
                judged++;
            }
        }

        judged.ShouldBeGreaterThan(count * 4);
    }

    [Fact]
    public void The_right_and_wrong_answers_are_the_plain_statements_the_variants_come_from()
    {
        foreach (var example in InstructionCorpus.Generate(500, seed: 5))
        {
            example.Best.Text.ShouldContain(example.RightAnswer);
            example.RightAnswer.ShouldNotBe(example.WrongAnswer);
            GeneratedAnswerJudge.Judge(example, example.RightAnswer).ShouldBe(AnswerQuality.Ideal);
            GeneratedAnswerJudge.Judge(example, example.WrongAnswer).Correct.ShouldBeFalse();
        }
    }

    [Fact]
    public void Another_value_is_not_correct_but_another_phrasing_of_the_right_one_is()
    {
        GeneratedAnswerJudge.Judge(Sum, "The answer is 42. Happy to help.").ShouldBe(Quality(correct: false));
        GeneratedAnswerJudge.Judge(Sum, "2 + 83 = 85.").ShouldBe(AnswerQuality.Ideal);
        GeneratedAnswerJudge.Judge(Sum, "  the ANSWER is 85  ").ShouldBe(AnswerQuality.Ideal);
        GeneratedAnswerJudge.Judge(Sum, "The answer is 85, or maybe 86.").Correct.ShouldBeFalse();
        GeneratedAnswerJudge.Judge(Sum, "The answer is 85. Also 7 x 3 = 21.").Correct.ShouldBeFalse();
        GeneratedAnswerJudge.Judge(Truth("What is 53 minus 46?", "The answer is 7.", "The answer is 8."), "There are 7 days in a week.").Correct.ShouldBeFalse();
    }

    [Fact]
    public void A_right_answer_with_a_rude_remark_is_correct_but_impolite()
    {
        GeneratedAnswerJudge.Judge(Sum, "The answer is 85. Figure it out yourself next time.").ShouldBe(Quality(polite: false));
        GeneratedAnswerJudge.Judge(Sum, "Obviously it is 85, as anyone could see.").ShouldBe(Quality(polite: false));
        GeneratedAnswerJudge.Judge(Sum, "85, you idiot.").ShouldBe(Quality(polite: false));
    }

    [Fact]
    public void A_right_answer_padded_with_filler_or_an_unrelated_fact_is_not_concise()
    {
        GeneratedAnswerJudge.Judge(Sum, "The answer is 85. Did you know that octopuses have three hearts?").ShouldBe(Quality(concise: false));
        GeneratedAnswerJudge.Judge(Sum, "The answer is 85. I always enjoy working through little sums like this one on a quiet afternoon.")
            .ShouldBe(Quality(concise: false));
        GeneratedAnswerJudge.Judge(Sum, "Good question! The answer is 85. I hope this helps.").ShouldBe(Quality(concise: false));
        GeneratedAnswerJudge.Judge(Sum, "The answer is 85. The answer is 85. The answer is 85.").ShouldBe(Quality(concise: false));
    }

    [Fact]
    public void An_answer_about_something_else_is_neither_on_topic_nor_correct()
    {
        GeneratedAnswerJudge.Judge(Sum, "Honey never really goes bad if it is kept sealed.").ShouldBe(Quality(correct: false, onTopic: false));
        GeneratedAnswerJudge.Judge(Sum, "I like to ride my bike.").ShouldBe(Quality(correct: false, onTopic: false));
        GeneratedAnswerJudge.Judge(Sum, "Happy to help.").ShouldBe(Quality(correct: false, onTopic: false));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("@@ ## !! ?? ** ,,")]
    [InlineData("qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq")]
    public void Text_that_does_not_read_as_words_is_only_polite(string garbage) =>
        GeneratedAnswerJudge.Judge(Sum, garbage).ShouldBe(new AnswerQuality(Correct: false, Polite: true, Concise: false, OnTopic: false));

    [Fact]
    public void A_list_is_correct_only_with_the_right_items_in_order()
    {
        GeneratedAnswerJudge.Judge(Groceries, "Here is your list:\n* Eggs\n* Milk\n* Bread").ShouldBe(AnswerQuality.Ideal);
        GeneratedAnswerJudge.Judge(Groceries, "- eggs\n- bread\n- milk").Correct.ShouldBeFalse();
        GeneratedAnswerJudge.Judge(Groceries, "- eggs\n- milk").Correct.ShouldBeFalse();
        GeneratedAnswerJudge.Judge(Groceries, "eggs, milk, bread").Correct.ShouldBeFalse();
    }

    [Fact]
    public void When_only_the_emphasis_differs_the_right_part_must_be_bold()
    {
        GeneratedAnswerJudge.Judge(Emphasis, "the report is due on **monday**").ShouldBe(AnswerQuality.Ideal);
        GeneratedAnswerJudge.Judge(Emphasis, "The report is due on Monday.").Correct.ShouldBeFalse();
        GeneratedAnswerJudge.Judge(Emphasis, "The **report** is due on **Monday**.").Correct.ShouldBeFalse();
    }

    [Fact]
    public void A_name_the_truth_does_not_know_is_not_correct()
    {
        var note = Truth("Write a one-line thank-you note to Maria for the book.", "Thank you so much for the book, Maria!", "Thank you so much for the flowers, Maria!");

        GeneratedAnswerJudge.Judge(note, "Dear Maria, thank you for the book!").ShouldBe(AnswerQuality.Ideal);
        GeneratedAnswerJudge.Judge(note, "Thank you for the book, Maria! Love, Sam").Correct.ShouldBeFalse();
        GeneratedAnswerJudge.Judge(note, "Dear Maria, thank you for the book and the delicious cake!").Correct.ShouldBeFalse();
    }

    private static AnswerQuality Quality(bool correct = true, bool polite = true, bool concise = true, bool onTopic = true) =>
        new(correct, polite, concise, onTopic);

    private static InstructionExample Truth(string prompt, string right, string wrong)
    {
        var best = new CorpusAnswer(right, AnswerQuality.Ideal);
        return new InstructionExample("test", prompt, [], best, [best], right, wrong);
    }
}
