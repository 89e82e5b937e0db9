using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class TrainingMetricConfiguration : IEntityTypeConfiguration<TrainingMetric>
{
    public void Configure(EntityTypeBuilder<TrainingMetric> builder)
    {
        builder.ToTable("training_metrics");
        builder.Property(m => m.Name).HasMaxLength(100);
        builder.HasOne<TrainingRun>().WithMany().HasForeignKey(m => m.TrainingRunId).OnDelete(DeleteBehavior.Cascade);

        // A resumed run logs its steps again; one value per run, step and name.
        builder.HasIndex(m => new { m.TrainingRunId, m.Name, m.Step }).IsUnique();
    }
}
