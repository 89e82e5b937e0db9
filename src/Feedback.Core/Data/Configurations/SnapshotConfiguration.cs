using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class SnapshotConfiguration : IEntityTypeConfiguration<Snapshot>
{
    public void Configure(EntityTypeBuilder<Snapshot> builder)
    {
        builder.ToTable("snapshots");
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.FilterJson).HasColumnType("jsonb");
        builder.Property(s => s.Sha256).HasMaxLength(64);
        builder.HasOne(s => s.Project).WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Votes).WithOne().HasForeignKey(sv => sv.SnapshotId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.ProjectId, s.CreatedAt });
    }
}
