using Feedback.Core.Accounts;
using Feedback.Core.Data;
using Feedback.Core.Domain;
using Feedback.Core.Media;
using Feedback.Core.Projects;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Projects;

/// <summary>An app on its own database, shared by a class's tests; each test makes the projects it needs.</summary>
public sealed class ContentFixture : IAsyncLifetime
{
    public FeedbackAppFactory App { get; private set; } = null!;

    public ProjectContent Content => App.Services.GetRequiredService<ProjectContent>();

    public ContentImport Import => App.Services.GetRequiredService<ContentImport>();

    public MediaStore Media => App.Services.GetRequiredService<MediaStore>();

    public async Task InitializeAsync() => App = await FeedbackAppFactory.CreateAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();

    public FeedbackDbContext NewContext() => App.Services.GetRequiredService<IDbContextFactory<FeedbackDbContext>>().CreateDbContext();

    public async Task<long> CreateProjectAsync(Modality modality = Modality.Text, bool archived = false)
    {
        await using var db = NewContext();
        var project = new Project
        {
            Name = $"Project {Guid.NewGuid():N}", Modality = modality, IsArchived = archived, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return project.Id;
    }

    /// <summary>Stores one vote on the comparison from a new rater, left candidate preferred.</summary>
    public async Task AddVoteAsync(long comparisonId)
    {
        await using var db = NewContext();
        var name = $"rater-{Guid.NewGuid():N}";
        var rater = new FeedbackUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), SecurityStamp = Guid.NewGuid().ToString() };
        db.Users.Add(rater);
        var shown = await db.ComparisonCandidates.Where(cc => cc.ComparisonId == comparisonId).OrderBy(cc => cc.Position).Select(cc => cc.CandidateId).ToArrayAsync();
        db.Votes.Add(new Vote
        {
            ComparisonId = comparisonId,
            RaterId = rater.Id,
            ClientVoteId = Guid.NewGuid(),
            Choice = VoteChoice.Left,
            ShownOrder = shown,
            ShownAt = DateTimeOffset.UtcNow,
            AnsweredAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }
}
