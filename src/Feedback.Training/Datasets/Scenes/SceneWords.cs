namespace Feedback.Training.Datasets.Scenes;

/// <summary>The words captions use for colours, shapes, sizes, counts, relations and backgrounds, both ways.</summary>
internal static class SceneWords
{
    public const int MaxCount = 9;

    private static readonly string[] Counts = ["", "a", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    public static string Count(int count) => Counts[count];

    public static string Color(ShapeColor color) => color.ToString().ToLowerInvariant();

    public static string Size(ShapeSize size) => size.ToString().ToLowerInvariant();

    public static string Noun(ShapeKind kind, int count) => kind.ToString().ToLowerInvariant() + (count == 1 ? "" : "s");

    public static string Background(SceneBackground background) => background switch
    {
        SceneBackground.DarkBlue => "dark blue",
        _ => background.ToString().ToLowerInvariant(),
    };

    public static string Relation(SpatialRelation relation) => relation switch
    {
        SpatialRelation.LeftOf => "left of",
        SpatialRelation.RightOf => "right of",
        _ => relation.ToString().ToLowerInvariant(),
    };

    /// <summary>"a large red circle", "two blue squares".</summary>
    public static string Phrase(ShapeGroup group)
    {
        var size = group.Size is { } s ? Size(s) + " " : "";
        return $"{Count(group.Count)} {size}{Color(group.Color)} {Noun(group.Kind, group.Count)}";
    }

    public static int? ParseCount(string word) => word switch
    {
        "a" or "an" or "one" => 1,
        _ => Array.IndexOf(Counts, word) is var index and > 1 ? index : null,
    };

    public static ShapeSize? ParseSize(string word) => ParseEnum<ShapeSize>(word);

    public static ShapeColor? ParseColor(string word) => ParseEnum<ShapeColor>(word);

    public static ShapeKind? ParseNoun(string word) => ParseEnum<ShapeKind>(word.EndsWith('s') ? word[..^1] : word);

    public static SceneBackground? ParseBackground(string words) =>
        Enum.GetValues<SceneBackground>().Cast<SceneBackground?>().FirstOrDefault(b => Background(b!.Value) == words);

    private static T? ParseEnum<T>(string word)
        where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => v!.Value.ToString().Equals(word, StringComparison.OrdinalIgnoreCase));
}
