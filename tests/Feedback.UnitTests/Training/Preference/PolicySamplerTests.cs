using Feedback.Training.Text;
using Feedback.Training.Text.Preference;
using Feedback.UnitTests.Training.Text;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training.Preference;

public sealed class PolicySamplerTests
{
    private static readonly IReadOnlyList<int>[] Prompts = [[256, 72, 105, 33, 40, 41], [256, 50], [256, 61, 62, 63]];

    [Fact]
    public void The_same_seed_draws_the_same_samples_and_rows_end_at_eos_or_the_limit()
    {
        using var policy = TinyLlama.Model(seed: 2);
        using var first = new Generator(11);
        using var second = new Generator(11);

        var a = PolicySampler.Sample(policy, Prompts, maxNewTokens: 12, temperature: 1.0, eosId: 257, padId: 258, first);
        var b = PolicySampler.Sample(policy, Prompts, maxNewTokens: 12, temperature: 1.0, eosId: 257, padId: 258, second);

        a.ShouldBe(b);
        foreach (var row in a)
        {
            var ended = row.Length > 0 && row[^1] == 257 && !row[..^1].Contains(257);
            (row.Length == 12 || ended).ShouldBeTrue(string.Join(' ', row));
        }
    }

    [Fact]
    public void Left_padded_batched_sampling_near_zero_temperature_continues_each_prompt_as_greedy_decoding_alone_does()
    {
        using var policy = TinyLlama.Model(seed: 2);
        using var generator = new Generator(3);

        var sampled = PolicySampler.Sample(policy, Prompts, maxNewTokens: 6, temperature: 1e-4, eosId: -1, padId: 258, generator);

        for (var row = 0; row < Prompts.Length; row++)
        {
            sampled[row].ShouldBe(policy.GenerateGreedy(Prompts[row], 6).ToArray(), $"row {row}");
        }
    }
}
