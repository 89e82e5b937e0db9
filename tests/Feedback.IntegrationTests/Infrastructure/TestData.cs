using Feedback.Core.Data;
using Feedback.Core.Domain;

namespace Feedback.IntegrationTests.Infrastructure;

/// <summary>A small text project with one prompt and one pair, for tests that need rows to point at.</summary>
public static class TestData
{
    public static async Task<Comparison> CreatePairAsync(FeedbackDbContext db)
    {
        var now = DateTimeOffset.UtcNow;
        var project = new Project { Name = "Test project", CreatedAt = now };
        var prompt = new Prompt { Project = project, Text = "What is 2 + 2?", CreatedAt = now };
        var good = new Candidate { Prompt = prompt, Modality = Modality.Text, Text = "4", CreatedAt = now };
        var bad = new Candidate { Prompt = prompt, Modality = Modality.Text, Text = "5", CreatedAt = now };
        var comparison = new Comparison
        {
            Project = project,
            Prompt = prompt,
            CreatedAt = now,
            Candidates = [new() { Position = 0, Candidate = good }, new() { Position = 1, Candidate = bad }],
        };
        db.Comparisons.Add(comparison);
        await db.SaveChangesAsync();
        return comparison;
    }
}
