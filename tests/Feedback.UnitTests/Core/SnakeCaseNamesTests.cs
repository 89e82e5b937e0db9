using Feedback.Core.Data;

namespace Feedback.UnitTests.Core;

public sealed class SnakeCaseNamesTests
{
    [Theory]
    [InlineData("Votes", "votes")]
    [InlineData("ClientVoteId", "client_vote_id")]
    [InlineData("AspNetUsers", "asp_net_users")]
    [InlineData("IX_votes_ClientVoteId", "ix_votes_client_vote_id")]
    [InlineData("Sampling_TopP", "sampling_top_p")]
    [InlineData("Sha256", "sha256")]
    [InlineData("PK_projects", "pk_projects")]
    public void Names_become_snake_case(string name, string expected) => SnakeCaseNames.ToSnakeCase(name).ShouldBe(expected);
}
