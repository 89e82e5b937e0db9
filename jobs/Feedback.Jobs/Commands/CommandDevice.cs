using Feedback.Training;
using TorchSharp;

namespace Feedback.Jobs.Commands;

/// <summary>The training commands' <c>--device</c> (its name checked by <see cref="OptionRules.DeviceName"/>): a GPU LibTorch cannot see is refused in one line.</summary>
internal static class CommandDevice
{
    public static torch.Device Resolve(string? requested)
    {
        try
        {
            return TorchRuntime.ResolveDevice(requested);
        }
        catch (InvalidOperationException e)
        {
            throw new CommandInputException(e.Message);
        }
    }
}
