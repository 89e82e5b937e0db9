using Feedback.Core.Accounts;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class ComparisonPassConfiguration : IEntityTypeConfiguration<ComparisonPass>
{
    public void Configure(EntityTypeBuilder<ComparisonPass> builder)
    {
        builder.ToTable("comparison_passes", t => t.HasCheckConstraint("ck_comparison_passes_flag_reason", "kind <> 1 OR reason IS NOT NULL"));
        builder.Property(p => p.Reason).HasMaxLength(2000);
        builder.HasIndex(p => new { p.ComparisonId, p.RaterId }).IsUnique();
        builder.HasIndex(p => new { p.Kind, p.CreatedAt });
        builder.HasOne<Comparison>().WithMany().HasForeignKey(p => p.ComparisonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<FeedbackUser>().WithMany().HasForeignKey(p => p.RaterId).OnDelete(DeleteBehavior.Cascade);
    }
}
