using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class CheckpointConfiguration : IEntityTypeConfiguration<Checkpoint>
{
    public void Configure(EntityTypeBuilder<Checkpoint> builder)
    {
        builder.ToTable("checkpoints");
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Path).HasMaxLength(500);
        builder.Property(c => c.Sha256).HasMaxLength(64);
        builder.Property(c => c.MetricsJson).HasColumnType("jsonb");
        builder.Property(c => c.StatusReason).HasMaxLength(2000);
        builder.HasIndex(c => c.Path).IsUnique();
        builder.HasIndex(c => new { c.ProjectId, c.Kind, c.Status });

        // A run registers at most one checkpoint, even when a crashed run is retried.
        builder.HasIndex(c => c.TrainingRunId).IsUnique();

        builder.HasOne(c => c.Parent).WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.TrainingRun).WithMany().HasForeignKey(c => c.TrainingRunId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}
