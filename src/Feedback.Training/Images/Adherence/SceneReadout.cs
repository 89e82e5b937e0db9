using Feedback.Training.Datasets.Scenes;

namespace Feedback.Training.Images.Adherence;

/// <summary>
/// What the adherence classifier reads from an image: for every kind-and-colour of shape how many there are (0, 1, 2,
/// or 3 and more) and which background it has. Laid out as logits: the counts, slot by slot, then the backgrounds.
/// </summary>
public static class SceneReadout
{
    public const int CountClasses = 4;

    public static readonly int Kinds = Enum.GetValues<ShapeKind>().Length;
    public static readonly int Colors = Enum.GetValues<ShapeColor>().Length;
    public static readonly int Backgrounds = Enum.GetValues<SceneBackground>().Length;

    public static int Slots => Kinds * Colors;

    public static int Outputs => (Slots * CountClasses) + Backgrounds;

    public static int Slot(ShapeKind kind, ShapeColor color) => ((int)kind * Colors) + (int)color;

    public static int CountClass(int count) => Math.Min(count, CountClasses - 1);

    /// <summary>The count class of every slot, then the background, for training.</summary>
    public static (long[] Counts, long Background) Labels(Scene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var counts = new long[Slots];
        foreach (var shape in scene.Shapes)
        {
            counts[Slot(shape.Kind, shape.Color)]++;
        }

        return (counts.Select(c => (long)CountClass((int)c)).ToArray(), (long)scene.Background);
    }

    /// <summary>
    /// What a caption asks for, laid out like the readout: in each slot a one-hot of the count asked for (0 for the
    /// kinds and colours it does not name, since it asks for nothing else), then a one-hot of the background if it
    /// names one. All zeros for a caption outside the scene grammar.
    /// </summary>
    public static float[] Requirements(string caption)
    {
        var required = new float[Outputs];
        if (!SceneCaption.TryParse(caption, out var request) || request is null)
        {
            return required;
        }

        var counts = new int[Slots];
        foreach (var group in request.Groups)
        {
            counts[Slot(group.Kind, group.Color)] += group.Count;
        }

        for (var slot = 0; slot < Slots; slot++)
        {
            required[(slot * CountClasses) + CountClass(counts[slot])] = 1;
        }

        if (request.Background is { } background)
        {
            required[(Slots * CountClasses) + (int)background] = 1;
        }

        return required;
    }
}
