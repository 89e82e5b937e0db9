using Feedback.Core.Accounts;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class VoteConfiguration : IEntityTypeConfiguration<Vote>
{
    public void Configure(EntityTypeBuilder<Vote> builder)
    {
        builder.ToTable("votes", t =>
        {
            t.HasCheckConstraint("ck_votes_choice_or_ranking", "(choice IS NULL) <> (ranking IS NULL)");
            t.HasCheckConstraint("ck_votes_shown_order", "cardinality(shown_order) >= 2");
        });
        builder.HasIndex(v => v.ClientVoteId).IsUnique();
        builder.HasIndex(v => new { v.ComparisonId, v.RaterId });
        builder.HasIndex(v => new { v.RaterId, v.AnsweredAt });
        builder.Property(v => v.Rationale).HasMaxLength(4000);
        builder.HasOne(v => v.Comparison).WithMany().HasForeignKey(v => v.ComparisonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<FeedbackUser>().WithMany().HasForeignKey(v => v.RaterId).OnDelete(DeleteBehavior.Restrict);
    }
}
