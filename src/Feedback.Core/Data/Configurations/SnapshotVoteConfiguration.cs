using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class SnapshotVoteConfiguration : IEntityTypeConfiguration<SnapshotVote>
{
    public void Configure(EntityTypeBuilder<SnapshotVote> builder)
    {
        builder.ToTable("snapshot_votes");
        builder.HasKey(sv => new { sv.SnapshotId, sv.VoteId });
        builder.HasOne(sv => sv.Vote).WithMany().HasForeignKey(sv => sv.VoteId).OnDelete(DeleteBehavior.Restrict);
    }
}
