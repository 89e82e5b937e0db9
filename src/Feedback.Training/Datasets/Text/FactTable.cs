namespace Feedback.Training.Datasets.Text;

/// <summary>
/// Well-known true facts in a few categories. Each row's last field is the answer; a wrong answer takes another
/// row's. Templates use {0}, {1}, ... for a row's fields.
/// </summary>
internal static class FactTable
{
    public sealed record Category(string Question, string Answer, string? FollowUp, IReadOnlyList<string[]> Rows);

    public static readonly Category[] Categories =
    [
        new(
            "What is the capital of {0}?",
            "The capital of {0} is {1}.",
            "And what about {0}?",
            [
                ["France", "Paris"], ["Japan", "Tokyo"], ["Italy", "Rome"], ["Spain", "Madrid"], ["Germany", "Berlin"],
                ["Canada", "Ottawa"], ["Australia", "Canberra"], ["Egypt", "Cairo"], ["Kenya", "Nairobi"], ["Peru", "Lima"],
                ["Norway", "Oslo"], ["Ireland", "Dublin"],
            ]),
        new(
            "Which planet is {0} from the Sun?",
            "{1} is the {0} planet from the Sun.",
            "And which planet is {0}?",
            [
                ["first", "Mercury"], ["second", "Venus"], ["third", "Earth"], ["fourth", "Mars"],
                ["fifth", "Jupiter"], ["sixth", "Saturn"], ["seventh", "Uranus"], ["eighth", "Neptune"],
            ]),
        new(
            "How many {0} are {1}?",
            "There are {2} {0} {1}.",
            null,
            [
                ["days", "in a week", "7"], ["months", "in a year", "12"], ["hours", "in a day", "24"],
                ["minutes", "in an hour", "60"], ["legs", "on a spider", "8"], ["legs", "on an insect", "6"],
                ["sides", "on a triangle", "3"], ["continents", "on Earth", "7"], ["planets", "in the Solar System", "8"],
                ["players", "on a soccer team", "11"], ["strings", "on a violin", "4"], ["keys", "on a piano", "88"],
            ]),
        new(
            "What is the chemical symbol for {0}?",
            "The chemical symbol for {0} is {1}.",
            "And what about {0}?",
            [
                ["gold", "Au"], ["silver", "Ag"], ["iron", "Fe"], ["oxygen", "O"], ["sodium", "Na"],
                ["helium", "He"], ["carbon", "C"], ["potassium", "K"], ["lead", "Pb"], ["copper", "Cu"],
            ]),
    ];
}
