using Feedback.Core.Media;
using Feedback.Web.Auth;

namespace Feedback.Web.Api;

/// <summary>
/// Serves candidate images to signed-in raters. Names are content hashes, so a file never changes and may be cached;
/// anything that is not such a name is not found, so no path can leave the media folder.
/// </summary>
public static class MediaEndpoints
{
    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/{name}", (string name, MediaStore media, HttpContext context) =>
        {
            var stream = media.TryOpenRead(name);
            if (stream is null)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Stream(stream, "image/png");
        }).RequireAuthorization(Policies.Annotator);
        return app;
    }
}
