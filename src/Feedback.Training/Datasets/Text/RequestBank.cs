namespace Feedback.Training.Datasets.Text;

/// <summary>Names, gifts, rhymes and story ideas for <see cref="RequestTasks"/>.</summary>
internal static class RequestBank
{
    public static readonly string[] Pets = ["cat", "dog", "hamster", "rabbit", "goldfish", "parrot", "turtle"];

    public static readonly string[] ShortPetNames = ["Milo", "Luna", "Biscuit", "Pepper", "Ziggy", "Olive", "Rex", "Nala", "Toby", "Mochi"];

    /// <summary>Names nobody would call short: the wrong answer to a request for a short one.</summary>
    public static readonly string[] LongPetNames =
    [
        "Sir Reginald Fluffington the Third",
        "Princess Marshmallow Buttercup Sparkle",
        "Lord Wigglesworth of Upper Puddingham",
        "Captain Maximilian Whiskerton Junior",
    ];

    public static readonly string[] People = ["Maria", "Sam", "Priya", "Tom", "Aiko", "Leo", "Fatima", "Jonas"];

    public static readonly string[] Gifts = ["the flowers", "the book", "the lovely scarf", "your help with the move", "the birthday card", "the delicious cake"];

    /// <summary>A word and two words that rhyme with it; no two rows rhyme with each other.</summary>
    public static readonly string[][] Rhymes =
    [
        ["cat", "hat", "bat"], ["light", "night", "bright"], ["rain", "train", "plain"], ["blue", "shoe", "glue"],
        ["cake", "lake", "snake"], ["moon", "spoon", "noon"], ["bee", "tree", "sea"], ["star", "car", "jar"],
        ["bell", "shell", "well"], ["fox", "box", "socks"],
    ];

    /// <summary>Story ideas and a fitting title for each.</summary>
    public static readonly (string Topic, string Title)[] Stories =
    [
        ("a lost dragon", "The Dragon Who Lost His Way"),
        ("a robot who learns to cook", "The Robot Chef"),
        ("a girl who can talk to birds", "The Girl Who Spoke to Birds"),
        ("a haunted lighthouse", "The Lighthouse Ghost"),
        ("two friends on a road trip", "Two Friends and an Open Road"),
        ("a cat who becomes mayor", "Mayor Whiskers"),
        ("a city under the sea", "The Drowned City"),
    ];
}
