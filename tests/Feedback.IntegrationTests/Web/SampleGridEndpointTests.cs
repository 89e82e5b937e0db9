using System.Net;
using Feedback.Core.Accounts;
using Feedback.IntegrationTests.Infrastructure;
using Feedback.IntegrationTests.Projects;
using Feedback.Jobs.Training.Images;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Web;

public sealed class SampleGridEndpointTests : IAsyncLifetime
{
    private FeedbackAppFactory app = null!;

    public async Task InitializeAsync()
    {
        app = await FeedbackAppFactory.CreateAsync();
        await TestUsers.CreateAsync(app, "anna", Roles.Annotator);
        await TestUsers.CreateAsync(app, "rhea", Roles.Researcher);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_researcher_gets_a_checkpoints_sample_grid_as_a_png()
    {
        var png = TestPng.Solid(12, 4, red: 30, green: 120, blue: 200);
        WriteGrid(41, png);
        var client = await LoginClient.LoggedInAsync(app, "rhea", TestUsers.Password);

        var response = await client.GetAsync("/checkpoints/41/samples.png");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(png);
    }

    [Fact]
    public async Task A_checkpoint_without_a_grid_is_not_found()
    {
        WriteGrid(41, TestPng.Solid(2, 2, red: 1));
        var client = await LoginClient.LoggedInAsync(app, "rhea", TestUsers.Password);

        var response = await client.GetAsync("/checkpoints/42/samples.png");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_annotator_is_refused_and_an_anonymous_visitor_is_sent_to_log_in()
    {
        WriteGrid(41, TestPng.Solid(2, 2, red: 1));
        var annotator = await LoginClient.LoggedInAsync(app, "anna", TestUsers.Password);
        var anonymous = app.CreateBrowserlikeClient();

        var refused = await annotator.GetAsync("/checkpoints/41/samples.png");
        var redirected = await anonymous.GetAsync("/checkpoints/41/samples.png");

        refused.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        refused.Headers.Location!.ToString().ShouldContain("/account/access-denied");
        redirected.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        redirected.Headers.Location!.ToString().ShouldContain("/account/login");
    }

    private void WriteGrid(long checkpointId, byte[] png)
    {
        var path = app.Services.GetRequiredService<CheckpointSamples>().PathOf(checkpointId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, png);
    }
}
