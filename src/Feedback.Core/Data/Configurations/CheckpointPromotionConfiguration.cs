using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class CheckpointPromotionConfiguration : IEntityTypeConfiguration<CheckpointPromotion>
{
    public void Configure(EntityTypeBuilder<CheckpointPromotion> builder)
    {
        builder.ToTable("checkpoint_promotions");
        builder.Property(p => p.Reason).HasMaxLength(2000);
        builder.Property(p => p.ById).HasMaxLength(450);
        builder.HasOne<Project>().WithMany().HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(p => p.Checkpoint).WithMany().HasForeignKey(p => p.CheckpointId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.PreviousCheckpoint).WithMany().HasForeignKey(p => p.PreviousCheckpointId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.ProjectId, p.At });
    }
}
