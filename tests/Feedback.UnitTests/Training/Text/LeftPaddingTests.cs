using Feedback.Training.Text;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training.Text;

public sealed class LeftPaddingTests
{
    private const long Pad = 258;

    [Fact]
    public void A_left_padded_batch_gives_each_sequence_its_unpadded_logits()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model();
        using var noGrad = no_grad();
        long[] shorter = [5, 6, 7];
        long[] longer = [9, 8, 7, 6, 5];
        var ids = tensor(new[] { Pad, Pad, 5, 6, 7, 9, 8, 7, 6, 5 }).view(2, 5);
        var mask = tensor(new long[] { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 }).view(2, 5);

        var batched = model.Forward(ids, mask);

        TinyLlama.MaxDifference(batched[0].narrow(0, 2, 3), model.Forward(TinyLlama.Ids(shorter))[0]).ShouldBeLessThan(1e-5f);
        TinyLlama.MaxDifference(batched[1], model.Forward(TinyLlama.Ids(longer))[0]).ShouldBeLessThan(1e-5f);
        batched.isnan().any().item<bool>().ShouldBeFalse();
    }

    [Fact]
    public void Cached_decoding_of_a_left_padded_batch_continues_each_sequence_as_if_alone()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model();
        using var noGrad = no_grad();
        var ids = tensor(new[] { Pad, 5, 6, 9, 8, 7 }).view(2, 3);
        var mask = tensor(new long[] { 0, 1, 1, 1, 1, 1 }).view(2, 3);
        using var cache = model.CreateCache();
        model.Forward(ids, mask, cache: cache);

        var nextMask = cat([mask, ones(2, 1, ScalarType.Int64)], 1);
        var next = model.Forward(tensor(new long[] { 40, 41 }).view(2, 1), nextMask, cache: cache);

        TinyLlama.MaxDifference(next[0, 0], model.Forward(TinyLlama.Ids(5, 6, 40))[0, -1]).ShouldBeLessThan(1e-5f);
        TinyLlama.MaxDifference(next[1, 0], model.Forward(TinyLlama.Ids(9, 8, 7, 41))[0, -1]).ShouldBeLessThan(1e-5f);
    }

    [Fact]
    public void Position_ids_count_only_real_tokens_and_padding_sits_at_zero()
    {
        using var scope = NewDisposeScope();
        var mask = tensor(new long[] { 0, 0, 1, 1, 1, 1, 1, 1 }).view(2, 4);

        var positions = AttentionInputs.PositionIds(2, 4, 0, mask, CPU);
        var lastTwo = AttentionInputs.PositionIds(2, 2, 2, mask, CPU);

        positions.data<long>().ToArray().ShouldBe([0L, 0, 0, 1, 0, 1, 2, 3]);
        lastTwo.data<long>().ToArray().ShouldBe([0L, 1, 2, 3]);
        AttentionInputs.PositionIds(1, 2, 3, null, CPU).data<long>().ToArray().ShouldBe([3L, 4]);
    }

    [Fact]
    public void The_causal_mask_keeps_earlier_real_tokens_only()
    {
        using var scope = NewDisposeScope();
        var mask = tensor(new long[] { 0, 1, 1 }).view(1, 3);

        var keep = AttentionInputs.CausalMask(1, 2, 1, mask, CPU);

        keep.shape.ShouldBe([1L, 1L, 2L, 3L]);
        keep.data<bool>().ToArray().ShouldBe([false, true, false, false, true, true]);
    }

    [Fact]
    public void A_mask_of_the_wrong_length_is_refused_with_the_expected_shape()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model();

        Should.Throw<ArgumentException>(() => model.Forward(TinyLlama.Ids(1, 2, 3), ones(1, 2, ScalarType.Int64)))
            .Message.ShouldContain("[1, 3]");
    }
}
