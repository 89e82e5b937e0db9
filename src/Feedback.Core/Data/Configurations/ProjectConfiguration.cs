using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("projects", t =>
        {
            t.HasCheckConstraint("ck_projects_votes_per_comparison", "votes_per_comparison BETWEEN 1 AND 50");
            t.HasCheckConstraint("ck_projects_gold_rate", "gold_rate >= 0 AND gold_rate <= 1");
        });
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.GuidelinesMarkdown).HasMaxLength(100_000);
        builder.ComplexProperty(p => p.Sampling);
        builder.ComplexProperty(p => p.Gate);
        builder.ComplexProperty(p => p.Reliability);
        builder.HasIndex(p => p.Name);
    }
}
