using Feedback.Training.Text.Preference;
using Feedback.UnitTests.Training.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training.Preference;

public sealed class LoraAdaptersTests
{
    [Fact]
    public void Adapters_start_as_a_no_op_and_leave_the_policys_parameters_as_they_were()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var policy = TinyLlama.Model(seed: 5);
        var names = policy.ExportWeights().Keys.ToList();
        var ids = TinyLlama.Ids(256, 72, 105, 33, 40);
        var before = policy.Forward(ids);

        using var adapters = LoraAdapters.Attach(policy, rank: 4, alpha: 8);

        adapters.TargetNames.Count.ShouldBe(policy.Config.NumHiddenLayers * 7);
        adapters.TargetNames.ShouldContain("model.layers.1.mlp.down_proj");
        policy.ExportWeights().Keys.ShouldBe(names);
        TinyLlama.MaxDifference(policy.Forward(ids), before).ShouldBe(0f);
    }

    [Fact]
    public void Training_moves_only_the_adapters_and_merging_reproduces_the_adapted_forward()
    {
        using var scope = NewDisposeScope();
        using var policy = TinyLlama.Model(seed: 5);
        var original = policy.ExportWeights().ToDictionary(pair => pair.Key, pair => pair.Value.clone());
        var ids = TinyLlama.Ids(256, 72, 105, 33, 40, 50, 61);
        foreach (var parameter in policy.parameters())
        {
            parameter.requires_grad = false;
        }

        using var adapters = LoraAdapters.Attach(policy, rank: 4, alpha: 8);
        using (var optimizer = optim.AdamW(adapters.parameters(), lr: 1e-2))
        {
            for (var step = 0; step < 5; step++)
            {
                using var stepScope = NewDisposeScope();
                optimizer.zero_grad();
                var logits = policy.Forward(ids).narrow(1, 0, ids.shape[1] - 1).reshape(-1, policy.Config.VocabSize);
                nn.functional.cross_entropy(logits, ids.narrow(1, 1, ids.shape[1] - 1).reshape(-1)).backward();
                optimizer.step();
            }
        }

        using var noGrad = no_grad();
        foreach (var (name, weight) in policy.ExportWeights())
        {
            TinyLlama.MaxDifference(weight, original[name]).ShouldBe(0f, name);
        }

        var adapted = policy.Forward(ids);
        using (var detached = NewDisposeScope())
        {
            adapters.Detach();
            TinyLlama.MaxDifference(policy.Forward(ids), adapted).ShouldBeGreaterThan(1e-3f);
        }

        using var reattachedScope = NewDisposeScope();
        using var trained = LoraAdapters.Attach(policy, rank: 4, alpha: 8);
        trained.load_state_dict(adapters.state_dict());
        TinyLlama.MaxDifference(policy.Forward(ids), adapted).ShouldBe(0f);

        trained.Merge();

        trained.IsAttached.ShouldBeFalse();
        TinyLlama.MaxDifference(policy.Forward(ids), adapted).ShouldBeLessThan(1e-5f);
        TinyLlama.MaxDifference(policy.ExportWeights()["model.layers.0.self_attn.q_proj.weight"], original["model.layers.0.self_attn.q_proj.weight"])
            .ShouldBeGreaterThan(0f);
    }
}
