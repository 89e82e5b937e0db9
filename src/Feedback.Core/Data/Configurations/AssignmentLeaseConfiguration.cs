using Feedback.Core.Accounts;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class AssignmentLeaseConfiguration : IEntityTypeConfiguration<AssignmentLease>
{
    public void Configure(EntityTypeBuilder<AssignmentLease> builder)
    {
        builder.ToTable("assignment_leases");
        builder.HasIndex(l => new { l.ComparisonId, l.RaterId }).IsUnique();
        builder.HasIndex(l => l.ExpiresAt);
        builder.HasOne(l => l.Comparison).WithMany().HasForeignKey(l => l.ComparisonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<FeedbackUser>().WithMany().HasForeignKey(l => l.RaterId).OnDelete(DeleteBehavior.Cascade);
    }
}
