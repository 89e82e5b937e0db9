namespace Feedback.Training.Datasets.Text;

/// <summary>The stock sentences that give an answer its tone: polite, rude, rambling or beside the point.</summary>
internal static class AnswerPhrases
{
    public static readonly string[] PoliteOpeners = ["Sure!", "Happy to help.", "Of course."];

    public const string PoliteCloser = "Happy to help.";

    /// <summary>Opens a block answer politely, leading into its lines.</summary>
    public const string PoliteBlockOpener = "Sure! Here you go:";

    public const string Obviously = "Obviously,";

    public static readonly string[] RudeOpeners = ["Ugh, fine.", "Seriously?", "What a silly question.", "If you insist."];

    public static readonly string[] RudeClosers =
    [
        "Figure it out yourself next time.",
        "Try to keep up.",
        "Please do not waste my time.",
        "You could have done that yourself.",
    ];

    public static readonly string[] RamblingOpeners =
    [
        "Well, let me think about this for a moment.",
        "That is a really interesting thing to ask about.",
        "Good question, and there is a lot one could say here.",
        "Let me take this step by step, as I always like to do.",
    ];

    public static readonly string[] RamblingClosers =
    [
        "I hope that makes everything a little bit clearer for you.",
        "There are many other ways to look at it, of course.",
        "It is always nice to take a moment to think these things through.",
        "Let me know if you would like me to go over it all again in more detail.",
    ];

    public static readonly string[] OffTopic =
    [
        "Did you know that octopuses have three hearts?",
        "Bananas are berries, but strawberries are not.",
        "I have always liked the smell of fresh bread in the morning.",
        "Autumn is my favourite time of year for long walks.",
        "Some trees can live for thousands of years.",
        "Penguins cannot fly, but they swim very well.",
        "The first bicycles had no pedals at all.",
        "Honey never really goes bad if it is kept sealed.",
    ];

    /// <summary>First words that still read well after "Obviously," once lower-cased.</summary>
    public static readonly HashSet<string> LowerableFirstWords = ["The", "It", "That", "There", "Here", "This", "A", "An", "How", "Could", "Would"];
}
