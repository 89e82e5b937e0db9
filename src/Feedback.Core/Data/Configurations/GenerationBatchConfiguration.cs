using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class GenerationBatchConfiguration : IEntityTypeConfiguration<GenerationBatch>
{
    public void Configure(EntityTypeBuilder<GenerationBatch> builder)
    {
        builder.ToTable("generation_batches", t =>
        {
            t.HasCheckConstraint("ck_generation_batches_wanted", "comparisons_wanted > 0");
            t.HasCheckConstraint("ck_generation_batches_candidates", "candidates_per_comparison BETWEEN 2 AND 4");
        });
        builder.Property(b => b.SettingsJson).HasColumnType("jsonb");
        builder.Property(b => b.RequestedBy).HasMaxLength(450);
        builder.Property(b => b.HangfireJobId).HasMaxLength(100);
        builder.Property(b => b.Error).HasMaxLength(10_000);
        builder.HasOne(b => b.Project).WithMany().HasForeignKey(b => b.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(b => b.Checkpoint).WithMany().HasForeignKey(b => b.CheckpointId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(b => b.OpponentCheckpoint).WithMany().HasForeignKey(b => b.OpponentCheckpointId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => new { b.ProjectId, b.CreatedAt });
    }
}
