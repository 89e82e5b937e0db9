using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class TrainingRunLogConfiguration : IEntityTypeConfiguration<TrainingRunLog>
{
    public void Configure(EntityTypeBuilder<TrainingRunLog> builder)
    {
        builder.ToTable("training_run_logs");
        builder.Property(l => l.Message).HasMaxLength(4000);
        builder.HasOne<TrainingRun>().WithMany().HasForeignKey(l => l.TrainingRunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => new { l.TrainingRunId, l.Id });
    }
}
