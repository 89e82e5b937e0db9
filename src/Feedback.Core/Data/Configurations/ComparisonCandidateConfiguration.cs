using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class ComparisonCandidateConfiguration : IEntityTypeConfiguration<ComparisonCandidate>
{
    public void Configure(EntityTypeBuilder<ComparisonCandidate> builder)
    {
        builder.ToTable("comparison_candidates");
        builder.HasKey(cc => new { cc.ComparisonId, cc.Position });
        builder.HasIndex(cc => new { cc.ComparisonId, cc.CandidateId }).IsUnique();
        builder.HasOne(cc => cc.Candidate).WithMany().HasForeignKey(cc => cc.CandidateId).OnDelete(DeleteBehavior.Restrict);
    }
}
