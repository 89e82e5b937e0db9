using Feedback.Jobs.Training.Images;
using Feedback.Web.Auth;

namespace Feedback.Web.Api;

/// <summary>
/// Serves an image checkpoint's sample grid to researchers. The file is named by the checkpoint's id alone, so no
/// request can reach another path; a grid may be drawn again when its run is evaluated again, so browsers revalidate.
/// </summary>
public static class SampleGridEndpoints
{
    public static IEndpointRouteBuilder MapSampleGrids(this IEndpointRouteBuilder app)
    {
        app.MapGet("/checkpoints/{id:long}/samples.png", (long id, CheckpointSamples samples, HttpContext context) =>
        {
            var path = samples.PathOf(id);
            FileStream stream;
            try
            {
                stream = File.OpenRead(path);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "private, no-cache";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Stream(stream, "image/png", lastModified: File.GetLastWriteTimeUtc(path));
        }).RequireAuthorization(Policies.Researcher);
        return app;
    }
}
