using Feedback.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Feedback.Core.Data.Configurations;

internal sealed class FeedbackUserConfiguration : IEntityTypeConfiguration<FeedbackUser>
{
    public void Configure(EntityTypeBuilder<FeedbackUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
    }
}
