using Feedback.Core.Accounts;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class RaterPauseConfiguration : IEntityTypeConfiguration<RaterPause>
{
    public void Configure(EntityTypeBuilder<RaterPause> builder)
    {
        builder.ToTable("rater_pauses");
        builder.Property(p => p.Reason).HasMaxLength(1000);

        // At most one open pause per rater and project.
        builder.HasIndex(p => new { p.ProjectId, p.RaterId }).IsUnique().HasFilter("resumed_at IS NULL");
        builder.HasOne<Project>().WithMany().HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<FeedbackUser>().WithMany().HasForeignKey(p => p.RaterId).OnDelete(DeleteBehavior.Cascade);
    }
}
