using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class ComparisonConfiguration : IEntityTypeConfiguration<Comparison>
{
    public void Configure(EntityTypeBuilder<Comparison> builder)
    {
        builder.ToTable("comparisons", t => t.HasCheckConstraint(
            "ck_comparisons_votes_wanted_override", "votes_wanted_override IS NULL OR votes_wanted_override BETWEEN 1 AND 50"));
        builder.HasOne(c => c.Project).WithMany(p => p.Comparisons).HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.Prompt).WithMany().HasForeignKey(c => c.PromptId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Candidates).WithOne().HasForeignKey(cc => cc.ComparisonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Candidate>().WithMany().HasForeignKey(c => c.GoldPreferredCandidateId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => new { c.ProjectId, c.IsRetired, c.CreatedAt });
    }
}
