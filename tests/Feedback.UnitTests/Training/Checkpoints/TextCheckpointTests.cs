using Feedback.Training.Checkpoints;
using Feedback.Training.Tokenizers;
using Feedback.UnitTests.Training.Text;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training.Checkpoints;

public sealed class TextCheckpointTests : IDisposable
{
    private readonly string _folder = Path.Combine(Directory.CreateTempSubdirectory("text-checkpoint").FullName, "checkpoint");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);

    [Fact]
    public void A_saved_checkpoint_loads_back_verified_with_identical_logits()
    {
        using var scope = NewDisposeScope();
        using var model = TinyLlama.Model(seed: 5);
        var ids = TinyLlama.Ids(72, 105, 33);

        TextCheckpoint.Save(_folder, model, new ByteTokenizer());
        using var loaded = TextCheckpoint.Load(_folder);

        loaded.Verified.ShouldBeTrue();
        loaded.Config.ToJson().ShouldBe(model.Config.ToJson());
        loaded.Tokenizer.ShouldBeOfType<ByteTokenizer>();
        TinyLlama.MaxDifference(loaded.Model.Forward(ids), model.Forward(ids)).ShouldBe(0f);
        Directory.GetFiles(_folder).Select(Path.GetFileName).ShouldBe(
            ["checkpoint.sha256", "config.json", "feedback-tokenizer.json", "model.safetensors"], ignoreOrder: true);
    }

    [Fact]
    public void The_manifest_lists_every_file_sorted_in_sha256sum_format()
    {
        using var model = TinyLlama.Model();
        TextCheckpoint.Save(_folder, model, new ByteTokenizer());

        var lines = File.ReadAllLines(Path.Combine(_folder, CheckpointManifest.FileName));

        lines.Select(line => line[66..]).ShouldBe(["config.json", "feedback-tokenizer.json", "model.safetensors"]);
        lines[2].ShouldBe($"{CheckpointManifest.HashOf(Path.Combine(_folder, "model.safetensors"))}  model.safetensors");
    }

    [Fact]
    public void A_flipped_byte_in_the_weights_is_refused_naming_the_file()
    {
        using var model = TinyLlama.Model();
        TextCheckpoint.Save(_folder, model, new ByteTokenizer());
        var weights = Path.Combine(_folder, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(weights, bytes);

        var error = Should.Throw<CheckpointCorruptException>(() => TextCheckpoint.Load(_folder));

        error.FileName.ShouldBe("model.safetensors");
        error.Message.ShouldContain("model.safetensors");
        error.Message.ShouldContain("corrupt");
    }

    [Fact]
    public void A_missing_listed_file_is_refused_naming_the_file()
    {
        using var model = TinyLlama.Model();
        TextCheckpoint.Save(_folder, model, new ByteTokenizer());
        File.Delete(Path.Combine(_folder, "config.json"));

        Should.Throw<CheckpointCorruptException>(() => TextCheckpoint.Load(_folder)).FileName.ShouldBe("config.json");
    }

    [Fact]
    public void Weights_the_manifest_does_not_cover_are_refused()
    {
        using var model = TinyLlama.Model();
        TextCheckpoint.Save(_folder, model, new ByteTokenizer());
        var manifest = Path.Combine(_folder, CheckpointManifest.FileName);
        File.WriteAllLines(manifest, File.ReadAllLines(manifest).Where(line => !line.EndsWith("model.safetensors", StringComparison.Ordinal)));

        var error = Should.Throw<CheckpointCorruptException>(() => TextCheckpoint.Load(_folder));

        error.FileName.ShouldBe("model.safetensors");
        error.Message.ShouldContain("not covered by checkpoint.sha256");
    }

    [Fact]
    public void An_onnx_file_written_after_saving_joins_the_manifest_and_is_verified()
    {
        using var model = TinyLlama.Model();
        TextCheckpoint.Save(_folder, model, new ByteTokenizer());
        var onnx = Path.Combine(_folder, TextCheckpoint.OnnxFile);
        File.WriteAllBytes(onnx, [1, 2, 3]);

        var hashes = TextCheckpoint.WriteManifest(_folder);
        File.WriteAllBytes(onnx, [1, 2, 4]);

        hashes.Keys.ShouldContain("model.onnx");
        hashes.Keys.ShouldNotContain(CheckpointManifest.FileName);
        Should.Throw<CheckpointCorruptException>(() => TextCheckpoint.Load(_folder)).FileName.ShouldBe("model.onnx");
    }

    [Fact]
    public void Saving_over_an_old_checkpoint_removes_its_onnx_export()
    {
        using var model = TinyLlama.Model();
        Directory.CreateDirectory(_folder);
        File.WriteAllBytes(Path.Combine(_folder, TextCheckpoint.OnnxFile), [9]);

        TextCheckpoint.Save(_folder, model, new ByteTokenizer());

        File.Exists(Path.Combine(_folder, TextCheckpoint.OnnxFile)).ShouldBeFalse();
        using var loaded = TextCheckpoint.Load(_folder);
        loaded.Verified.ShouldBeTrue();
    }

    [Fact]
    public void A_manifest_line_pointing_outside_the_folder_is_refused()
    {
        using var model = TinyLlama.Model();
        TextCheckpoint.Save(_folder, model, new ByteTokenizer());
        File.AppendAllText(Path.Combine(_folder, CheckpointManifest.FileName), $"{new string('0', 64)}  ../elsewhere\n");

        Should.Throw<CheckpointCorruptException>(() => TextCheckpoint.Load(_folder)).FileName.ShouldBe(CheckpointManifest.FileName);
    }

    [Fact]
    public void A_tokenizer_with_more_ids_than_the_model_is_refused()
    {
        using var model = TinyLlama.Model(vocabSize: 200);

        Should.Throw<InvalidDataException>(() => TextCheckpoint.Save(_folder, model, new ByteTokenizer())).Message
            .ShouldContain("beyond the model's vocab_size 200");
    }
}
