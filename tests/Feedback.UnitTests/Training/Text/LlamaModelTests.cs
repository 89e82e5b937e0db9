using Feedback.Training.Text;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training.Text;

public sealed class LlamaModelTests
{
    [Fact]
    public void Logits_have_the_shape_batch_by_sequence_by_vocabulary()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model();

        var logits = model.Forward(tensor(new long[] { 1, 2, 3, 4, 5, 6 }).view(2, 3));

        logits.shape.ShouldBe([2L, 3L, 259L]);
        logits.dtype.ShouldBe(ScalarType.Float32);
        logits.isnan().any().item<bool>().ShouldBeFalse();
    }

    [Fact]
    public void Parameter_names_are_hugging_faces()
    {
        using var model = TinyLlama.Model();

        var names = model.named_parameters().Select(p => p.name).ToList();

        names.ShouldBe(
            [
                "model.embed_tokens.weight",
                .. Enumerable.Range(0, 2).SelectMany(i => new[]
                {
                    $"model.layers.{i}.input_layernorm.weight",
                    $"model.layers.{i}.self_attn.q_proj.weight",
                    $"model.layers.{i}.self_attn.k_proj.weight",
                    $"model.layers.{i}.self_attn.v_proj.weight",
                    $"model.layers.{i}.self_attn.o_proj.weight",
                    $"model.layers.{i}.post_attention_layernorm.weight",
                    $"model.layers.{i}.mlp.gate_proj.weight",
                    $"model.layers.{i}.mlp.up_proj.weight",
                    $"model.layers.{i}.mlp.down_proj.weight",
                }),
                "model.norm.weight",
                "lm_head.weight",
            ],
            ignoreOrder: true);
        model.ExportWeights()["model.layers.1.self_attn.k_proj.weight"].shape.ShouldBe([16L, 32L]);
        model.state_dict().Keys.ShouldBe(names, ignoreOrder: true);
    }

    [Fact]
    public void A_tied_model_has_no_lm_head_and_projects_with_the_embedding()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model(tied: true);
        var weights = model.ExportWeights();

        weights.ContainsKey("lm_head.weight").ShouldBeFalse();
        var hidden = model.ForwardHiddenStates(TinyLlama.Ids(5, 6, 7));
        var logits = model.Forward(TinyLlama.Ids(5, 6, 7));
        TinyLlama.MaxDifference(logits, hidden.matmul(weights["model.embed_tokens.weight"].t())).ShouldBeLessThan(1e-6f);
    }

    [Fact]
    public void Initialization_is_normal_with_standard_deviation_two_hundredths_and_norms_are_ones()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model();
        var weights = model.ExportWeights();

        weights["model.norm.weight"].eq(1).all().item<bool>().ShouldBeTrue();
        weights["model.layers.0.input_layernorm.weight"].eq(1).all().item<bool>().ShouldBeTrue();
        weights["model.embed_tokens.weight"].std().item<float>().ShouldBe(0.02f, tolerance: 0.002f);
        weights["model.layers.0.mlp.up_proj.weight"].mean().item<float>().ShouldBe(0f, tolerance: 0.002f);
    }

    [Fact]
    public void The_same_seed_builds_the_same_model()
    {
        using var scope = NewDisposeScope();
        using var first = TinyLlama.Model(seed: 3);
        using var second = TinyLlama.Model(seed: 3);

        TinyLlama.MaxDifference(first.Forward(TinyLlama.Ids(1, 2)), second.Forward(TinyLlama.Ids(1, 2))).ShouldBe(0f);
    }

    [Fact]
    public void Changing_a_later_token_leaves_earlier_logits_unchanged()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model();

        var original = model.Forward(TinyLlama.Ids(10, 20, 30, 40, 50));
        var changed = model.Forward(TinyLlama.Ids(10, 20, 30, 99, 50));

        TinyLlama.MaxDifference(original.narrow(1, 0, 3), changed.narrow(1, 0, 3)).ShouldBe(0f);
        TinyLlama.MaxDifference(original.narrow(1, 3, 2), changed.narrow(1, 3, 2)).ShouldBeGreaterThan(1e-4f);
    }

    [Fact]
    public void Loaded_weights_reproduce_the_exported_models_logits()
    {
        using var scope = NewDisposeScope();
        using var source = TinyLlama.Model(seed: 1);
        using var target = TinyLlama.Model(seed: 2);

        target.LoadWeights(source.ExportWeights());

        TinyLlama.MaxDifference(source.Forward(TinyLlama.Ids(4, 5, 6)), target.Forward(TinyLlama.Ids(4, 5, 6))).ShouldBe(0f);
    }

    [Fact]
    public void Loading_a_weight_of_the_wrong_shape_names_the_parameter()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model();
        var weights = new Dictionary<string, Tensor>(model.ExportWeights())
        {
            ["model.layers.1.mlp.down_proj.weight"] = zeros(32, 65),
        };

        Should.Throw<InvalidDataException>(() => model.LoadWeights(weights)).Message
            .ShouldContain("'model.layers.1.mlp.down_proj.weight' is [32, 65] in the weights but [32, 64] in the model");
    }

    [Fact]
    public void Loading_without_a_parameter_or_with_an_unknown_one_is_refused_with_the_name()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model();
        var missing = model.ExportWeights().Where(p => p.Key != "model.norm.weight").ToDictionary();
        var extra = new Dictionary<string, Tensor>(model.ExportWeights()) { ["model.layers.9.mlp.up_proj.weight"] = zeros(1) };

        Should.Throw<InvalidDataException>(() => model.LoadWeights(missing)).Message.ShouldContain("'model.norm.weight'");
        Should.Throw<InvalidDataException>(() => model.LoadWeights(extra)).Message.ShouldContain("model.layers.9.mlp.up_proj.weight");
    }

    [Fact]
    public void Gradients_reach_every_parameter()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model();
        model.train();

        var logits = model.Forward(TinyLlama.Ids(1, 2, 3, 4));
        nn.functional.cross_entropy(logits.view(-1, 259), tensor(new long[] { 2, 3, 4, 5 })).backward();

        foreach (var (name, parameter) in model.named_parameters())
        {
            parameter.grad.ShouldNotBeNull(name);
            parameter.grad!.abs().sum().item<float>().ShouldBeGreaterThan(0f, name);
        }
    }
}
