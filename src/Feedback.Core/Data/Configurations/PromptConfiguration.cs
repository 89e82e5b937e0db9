using System.Text.Json;
using Feedback.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class PromptConfiguration : IEntityTypeConfiguration<Prompt>
{
    public void Configure(EntityTypeBuilder<Prompt> builder)
    {
        builder.ToTable("prompts");
        builder.Property(p => p.Text).HasMaxLength(100_000);
        builder.Property(p => p.Source).HasMaxLength(200);
        builder.Property(p => p.EarlierTurns)
            .HasColumnType("jsonb")
            .HasConversion(
                turns => JsonSerializer.Serialize(turns, JsonSerializerOptions.Web),
                json => JsonSerializer.Deserialize<List<DialogueTurn>>(json, JsonSerializerOptions.Web) ?? new List<DialogueTurn>(),
                new ValueComparer<List<DialogueTurn>>(
                    (a, b) => a!.SequenceEqual(b!),
                    turns => turns.Aggregate(0, (hash, turn) => HashCode.Combine(hash, turn)),
                    turns => turns.ToList()));
        builder.HasOne(p => p.Project).WithMany(p => p.Prompts).HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.ProjectId, p.IsHeldOut });
    }
}
