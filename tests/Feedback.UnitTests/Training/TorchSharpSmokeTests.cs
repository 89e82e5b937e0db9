using Feedback.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Feedback.UnitTests.Training;

public sealed class TorchSharpSmokeTests
{
    [Fact]
    public void Backward_through_a_two_layer_mlp_gives_the_hand_computed_gradients()
    {
        using var scope = NewDisposeScope();
        var model = new TinyMlp();
        model.train();

        // x = [1, 2]; hidden = relu(W1 x + b1) = relu([-1, 1.5]) = [0, 1.5]; y = W2 hidden + b2 = 5; loss = (y - 4)^2 = 1.
        var x = tensor(new float[] { 1, 2 }).reshape(1, 2);
        var target = tensor(new float[] { 4 }).reshape(1, 1);
        var y = model.forward(x);
        var loss = (y - target).pow(2).sum();
        loss.backward();

        y.item<float>().ShouldBe(5f);
        loss.item<float>().ShouldBe(1f);
        // dL/dy = 2 (y - t) = 2: dL/dW2 = 2 hidden, dL/db2 = 2; dL/dhidden = 2 W2 = [4, 6], masked by relu to [0, 6];
        // dL/dW1 = [0, 6]^T x, dL/db1 = [0, 6].
        Gradient(model.Output.weight).ShouldBe([0f, 3f]);
        Gradient(model.Output.bias).ShouldBe([2f]);
        Gradient(model.Hidden.weight).ShouldBe([0f, 0f, 6f, 12f]);
        Gradient(model.Hidden.bias).ShouldBe([0f, 6f]);
    }

    [Fact]
    public void An_sgd_step_moves_the_weights_against_the_gradient()
    {
        using var scope = NewDisposeScope();
        var model = new TinyMlp();
        var optimizer = optim.SGD(model.parameters(), learningRate: 0.1);

        optimizer.zero_grad();
        var loss = (model.forward(tensor(new float[] { 1, 2 }).reshape(1, 2)) - 4).pow(2).sum();
        loss.backward();
        optimizer.step();

        Values(model.Output.weight!).ShouldBe([2f, 2.7f], tolerance: 1e-6);
        Values(model.Hidden.bias!).ShouldBe([0f, -0.6f], tolerance: 1e-6);
    }

    [Fact]
    public void The_default_device_is_the_cpu()
    {
        TorchRuntime.ResolveDevice().type.ShouldBe(DeviceType.CPU);
        TorchRuntime.ResolveDevice(null).type.ShouldBe(DeviceType.CPU);
        TorchRuntime.ResolveDevice("CPU").type.ShouldBe(DeviceType.CPU);
    }

    [Fact]
    public void Asking_for_cuda_gives_a_cuda_device_or_a_clear_error_where_there_is_none()
    {
        if (cuda.is_available())
        {
            TorchRuntime.ResolveDevice("cuda").type.ShouldBe(DeviceType.CUDA);
        }
        else
        {
            Should.Throw<InvalidOperationException>(() => TorchRuntime.ResolveDevice("cuda:0"))
                .Message.ShouldContain("no CUDA device");
        }
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:x")]
    public void An_unknown_device_name_is_rejected(string name)
    {
        Should.Throw<ArgumentException>(() => TorchRuntime.ResolveDevice(name)).Message.ShouldContain("cpu, cuda or cuda:N");
    }

    [Fact]
    public void Describe_reports_libtorch_version_and_the_cpu_backend()
    {
        var info = TorchRuntime.Describe();

        info.LibTorchVersion.ShouldNotBeNullOrWhiteSpace();
        info.TorchSharpVersion.ShouldStartWith("0.107");
        info.Backends.ShouldContain("cpu");
        info.CpuThreads.ShouldBeGreaterThan(0);
        info.ToString().ShouldContain(info.LibTorchVersion);
    }

    private static float[] Gradient(Tensor? parameter) => Values(parameter!.grad!);

    private static float[] Values(Tensor tensor) => tensor.detach().cpu().data<float>().ToArray();

    private sealed class TinyMlp : nn.Module<Tensor, Tensor>
    {
        private readonly Linear _hidden = nn.Linear(2, 2);
        private readonly Linear _output = nn.Linear(2, 1);

        public TinyMlp()
            : base(nameof(TinyMlp))
        {
            RegisterComponents();
            using var noGrad = no_grad();
            _hidden.weight!.copy_(tensor(new float[] { 1, -1, 0.5f, 0.5f }).reshape(2, 2));
            _hidden.bias!.copy_(tensor(new float[] { 0, 0 }));
            _output.weight!.copy_(tensor(new float[] { 2, 3 }).reshape(1, 2));
            _output.bias!.copy_(tensor(new float[] { 0.5f }));
        }

        public Linear Hidden => _hidden;

        public Linear Output => _output;

        public override Tensor forward(Tensor input) => _output.forward(nn.functional.relu(_hidden.forward(input)));
    }
}
