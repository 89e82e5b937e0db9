using Feedback.Core.Accounts;
using Feedback.Core.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Feedback.Core.Data;

/// <summary>
/// The whole database: Identity's tables and the labeling and training data.
/// </summary>
/// <remarks>
/// Migrations live in migrations/Feedback.Migrations. After changing the model, add one from the repository root with
/// <c>dotnet tool restore &amp;&amp; dotnet ef migrations add NAME --project migrations/Feedback.Migrations</c>
/// and commit it; the app and the <c>migrate</c> command apply pending migrations.
/// </remarks>
public sealed class FeedbackDbContext(DbContextOptions<FeedbackDbContext> options)
    : IdentityDbContext<FeedbackUser, IdentityRole, string>(options)
{
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Prompt> Prompts => Set<Prompt>();
    public DbSet<Candidate> Candidates => Set<Candidate>();
    public DbSet<Comparison> Comparisons => Set<Comparison>();
    public DbSet<ComparisonCandidate> ComparisonCandidates => Set<ComparisonCandidate>();
    public DbSet<Vote> Votes => Set<Vote>();
    public DbSet<AssignmentLease> AssignmentLeases => Set<AssignmentLease>();
    public DbSet<ComparisonPass> ComparisonPasses => Set<ComparisonPass>();
    public DbSet<Checkpoint> Checkpoints => Set<Checkpoint>();
    public DbSet<TrainingRun> TrainingRuns => Set<TrainingRun>();
    public DbSet<Snapshot> Snapshots => Set<Snapshot>();
    public DbSet<SnapshotVote> SnapshotVotes => Set<SnapshotVote>();
    public DbSet<GenerationBatch> GenerationBatches => Set<GenerationBatch>();
    public DbSet<TrainingMetric> TrainingMetrics => Set<TrainingMetric>();
    public DbSet<TrainingRunLog> TrainingRunLogs => Set<TrainingRunLog>();
    public DbSet<CheckpointPromotion> CheckpointPromotions => Set<CheckpointPromotion>();
    public DbSet<RaterPause> RaterPauses => Set<RaterPause>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(FeedbackDbContext).Assembly);
        SnakeCaseNames.Apply(builder.Model);
    }
}
