namespace Feedback.Sampling.Text;

/// <summary>Continues prompts given as token ids with a decoder-only language model.</summary>
public interface ITextSampler
{
    /// <returns>One sequence per prompt, in the prompts' order.</returns>
    IReadOnlyList<GeneratedSequence> Generate(IReadOnlyList<IReadOnlyList<int>> prompts, GenerationSettings settings, CancellationToken cancellationToken);
}
