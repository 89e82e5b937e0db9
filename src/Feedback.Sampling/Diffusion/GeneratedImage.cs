namespace Feedback.Sampling.Diffusion;

/// <summary>One drawn image: RGB bytes, row-major, <see cref="Size"/> x <see cref="Size"/>, and the seed of its starting noise.</summary>
public sealed record GeneratedImage(byte[] Rgb, int Size, int Seed);
