using System.Globalization;

namespace Feedback.Training.Datasets.Text;

/// <summary>
/// Small requests with a constraint a person can check: a short pet name, a thank-you note to a named person
/// for a named gift, a rhyme, a story title. A wrong answer breaks the constraint.
/// </summary>
internal static class RequestTasks
{
    public static TaskDraft Draft(Random rng) => rng.Next(4) switch
    {
        0 => PetName(rng),
        1 => ThankYouNote(rng),
        2 => Rhyme(rng),
        _ => StoryTitle(rng),
    };

    private static TaskDraft PetName(Random rng)
    {
        var prompt = $"Can you suggest a short name for my {rng.Pick(RequestBank.Pets)}?";
        var index = rng.Next(RequestBank.ShortPetNames.Length);
        var name = RequestBank.ShortPetNames[index];
        if (!rng.Chance(TaskDraft.FollowUpRate))
        {
            return new TaskDraft(prompt, $"How about {name}?", $"How about {rng.Pick(RequestBank.LongPetNames)}?");
        }

        // Asked for another, offering the same name again misses the request.
        return TaskDraft.FollowUp(
            prompt,
            $"How about {name}?",
            "Nice! Can you give me another one?",
            $"How about {rng.PickOther(RequestBank.ShortPetNames, index)}?",
            $"How about {name}?");
    }

    private static TaskDraft ThankYouNote(Random rng)
    {
        var personIndex = rng.Next(RequestBank.People.Length);
        var giftIndex = rng.Next(RequestBank.Gifts.Length);
        var (person, gift) = (RequestBank.People[personIndex], RequestBank.Gifts[giftIndex]);
        var note = rng.Pick(["Thank you so much for {0}, {1}!", "Dear {1}, thank you for {0}!"]);
        var wrong = rng.Next(2) == 0
            ? string.Format(CultureInfo.InvariantCulture, note, gift, rng.PickOther(RequestBank.People, personIndex))
            : string.Format(CultureInfo.InvariantCulture, note, rng.PickOther(RequestBank.Gifts, giftIndex), person);
        return new TaskDraft($"Write a one-line thank-you note to {person} for {gift}.", string.Format(CultureInfo.InvariantCulture, note, gift, person), wrong);
    }

    private static TaskDraft Rhyme(Random rng)
    {
        var index = rng.Next(RequestBank.Rhymes.Length);
        var (word, first, second) = (RequestBank.Rhymes[index][0], RequestBank.Rhymes[index][1], RequestBank.Rhymes[index][2]);
        var prompt = $"Give me one word that rhymes with {word}.";
        var answer = (string rhyme) => $"{char.ToUpperInvariant(rhyme[0])}{rhyme[1..]} rhymes with {word}.";
        if (!rng.Chance(TaskDraft.FollowUpRate))
        {
            return new TaskDraft(prompt, answer(first), answer(rng.PickOther(RequestBank.Rhymes, index)[1]));
        }

        return TaskDraft.FollowUp(prompt, answer(first), "Can you give me another one?", answer(second), answer(first));
    }

    private static TaskDraft StoryTitle(Random rng)
    {
        var index = rng.Next(RequestBank.Stories.Length);
        var (topic, title) = RequestBank.Stories[index];
        var form = rng.Pick(["How about **{0}**?", "I would call it **{0}**."]);
        return new TaskDraft(
            $"Suggest a title for a story about {topic}.",
            string.Format(CultureInfo.InvariantCulture, form, title),
            string.Format(CultureInfo.InvariantCulture, form, rng.PickOther(RequestBank.Stories, index).Title));
    }
}
