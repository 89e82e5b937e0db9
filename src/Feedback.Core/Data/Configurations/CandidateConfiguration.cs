using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class CandidateConfiguration : IEntityTypeConfiguration<Candidate>
{
    public void Configure(EntityTypeBuilder<Candidate> builder)
    {
        builder.ToTable("candidates", t => t.HasCheckConstraint(
            "ck_candidates_content",
            "(modality = 0 AND text IS NOT NULL) OR (modality = 1 AND image_path IS NOT NULL)"));
        builder.Property(c => c.Text).HasMaxLength(100_000);
        builder.Property(c => c.ImagePath).HasMaxLength(500);
        builder.Property(c => c.ImageSha256).HasMaxLength(64);
        builder.Property(c => c.SamplingParametersJson).HasColumnType("jsonb");
        builder.Property(c => c.Source).HasMaxLength(200);
        builder.HasOne(c => c.Prompt).WithMany(p => p.Candidates).HasForeignKey(c => c.PromptId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(c => c.Checkpoint).WithMany().HasForeignKey(c => c.CheckpointId).OnDelete(DeleteBehavior.Restrict);
    }
}
