using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class TrainingRunConfiguration : IEntityTypeConfiguration<TrainingRun>
{
    public void Configure(EntityTypeBuilder<TrainingRun> builder)
    {
        builder.ToTable("training_runs");
        builder.Property(r => r.HyperparametersJson).HasColumnType("jsonb");
        builder.Property(r => r.HangfireJobId).HasMaxLength(100);
        builder.Property(r => r.Error).HasMaxLength(10_000);
        builder.HasOne(r => r.Project).WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Snapshot).WithMany().HasForeignKey(r => r.SnapshotId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.BaseCheckpoint).WithMany().HasForeignKey(r => r.BaseCheckpointId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.RewardCheckpoint).WithMany().HasForeignKey(r => r.RewardCheckpointId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.ProjectId, r.CreatedAt });
    }
}
