using Feedback.Sampling;
using Feedback.Training.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Feedback.UnitTests.Sampling;

public sealed class OnnxRuntimeSmokeTests : IDisposable
{
    private const int Features = 3;
    private const int Units = 2;
    private const float GemmAlpha = 0.5f;
    private const float GemmBeta = 2f;
    private const float LeakyAlpha = 0.1f;
    private const float Scale = 3f;

    private static readonly float[] Weight = [1f, -2f, 0.5f, 0.25f, 1f, -1f];
    private static readonly float[] Bias = [0.5f, -1f];
    private static readonly float[] Offset = [0.25f, -0.5f];

    private readonly string _directory = Directory.CreateTempSubdirectory("feedback-onnx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_written_model_runs_in_onnx_runtime_and_matches_the_values_computed_in_csharp(int batch)
    {
        using var session = OnnxSessionFactory.Create(WriteModel());
        var x = Enumerable.Range(0, batch * Features).Select(i => (i - 4) * 0.75f).ToArray();

        using var results = session.Session.Run([NamedOnnxValue.CreateFromTensor("X", new DenseTensor<float>(x, [batch, Features]))]);
        var y = results.Single().AsTensor<float>();

        y.Dimensions.ToArray().ShouldBe([batch, 1, Units]);
        y.ToArray().ShouldBe(Expected(x, batch), tolerance: 1e-5);
    }

    [Fact]
    public void The_batch_dimension_of_a_written_model_stays_symbolic()
    {
        using var session = OnnxSessionFactory.Create(WriteModel());

        var input = session.Session.InputMetadata["X"];
        input.Dimensions.ShouldBe([-1, Features]);
        input.SymbolicDimensions[0].ShouldBe("batch");
        session.Session.OutputMetadata["Y"].SymbolicDimensions[0].ShouldBe("batch");
    }

    [Fact]
    public void Sessions_run_on_the_cpu_by_default()
    {
        using var session = OnnxSessionFactory.Create(WriteModel(), InferenceDevice.Cpu);

        session.Device.ShouldBe(InferenceDevice.Cpu);
        session.FallbackReason.ShouldBeNull();
    }

    [Fact]
    public void Asking_for_cuda_without_it_falls_back_to_the_cpu_and_says_why()
    {
        using var session = OnnxSessionFactory.Create(WriteModel(), InferenceDevice.Cuda);

        if (session.Device == InferenceDevice.Cpu)
        {
            session.FallbackReason.ShouldNotBeNullOrWhiteSpace();
            session.FallbackReason.ShouldContain("CUDA was asked for");
        }
        else
        {
            OnnxSessionFactory.BuiltWithCuda.ShouldBeTrue();
            session.FallbackReason.ShouldBeNull();
        }
    }

    [Fact]
    public void A_missing_model_file_is_reported_with_its_path()
    {
        var path = Path.Combine(_directory, "missing.onnx");

        Should.Throw<FileNotFoundException>(() => OnnxSessionFactory.Create(path)).Message.ShouldContain(path);
    }

    // Y = Scale * einsum("bij->bji", unsqueeze(leaky_relu(Gemm(X, W, B)) + Offset, axis 2)), batch left symbolic.
    private string WriteModel()
    {
        var graph = new OnnxGraph("smoke");
        graph.AddInput("X", OnnxDataType.Float, ["batch", Features]);
        graph.AddInitializer(OnnxTensor.FromFloats("W", [Units, Features], Weight));
        graph.AddInitializer(OnnxTensor.FromFloats("B", [Units], Bias));
        graph.AddInitializer(OnnxTensor.FromInt64s("Axes", [1], [2L]));

        graph.AddNode("Gemm", ["X", "W", "B"], ["G"]).With("alpha", GemmAlpha).With("beta", GemmBeta).With("transB", 1);
        graph.AddNode("LeakyRelu", ["G"], ["L"]).With("alpha", LeakyAlpha);
        graph.AddNode("Constant", [], ["Offset"]).With("value_floats", Offset);
        graph.AddNode("Add", ["L", "Offset"], ["S"]);
        graph.AddNode("Unsqueeze", ["S", "Axes"], ["U"]);
        graph.AddNode("Einsum", ["U"], ["E"]).With("equation", "bij->bji");
        graph.AddNode("Constant", [], ["Scale"]).With("value", OnnxTensor.FromFloats("", [], [Scale]));
        graph.AddNode("Mul", ["E", "Scale"], ["Y"]);
        graph.AddValueInfo("G", OnnxDataType.Float, ["batch", Units]);
        graph.AddOutput("Y", OnnxDataType.Float, ["batch", 1, Units]);

        var path = Path.Combine(_directory, "smoke.onnx");
        new OnnxModel(graph).Save(path);
        return path;
    }

    private static float[] Expected(float[] x, int batch)
    {
        var y = new float[batch * Units];
        for (var b = 0; b < batch; b++)
        {
            for (var u = 0; u < Units; u++)
            {
                var dot = 0f;
                for (var f = 0; f < Features; f++)
                {
                    dot += x[(b * Features) + f] * Weight[(u * Features) + f];
                }

                var gemm = (GemmAlpha * dot) + (GemmBeta * Bias[u]);
                var leaky = gemm >= 0 ? gemm : LeakyAlpha * gemm;
                y[(b * Units) + u] = Scale * (leaky + Offset[u]);
            }
        }

        return y;
    }
}
