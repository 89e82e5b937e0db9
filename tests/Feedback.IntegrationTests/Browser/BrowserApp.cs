using System.Net;
using Feedback.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Feedback.IntegrationTests.Browser;

/// <summary>
/// The real web app on a database of its own, served by Kestrel on a free loopback port so that a real browser can
/// reach it (the in-memory test server has no socket).
/// </summary>
public sealed class BrowserApp : IAsyncDisposable
{
    // Ports Chromium refuses to connect to (net/base/port_util.cc). The kernel's ephemeral range normally lies above
    // all of them; a machine configured otherwise gets another port rather than a browser error.
    private static readonly HashSet<int> UnsafePorts =
    [
        1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
        111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531,
        532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060,
        5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
    ];

    private BrowserApp(FeedbackAppFactory factory, Uri baseUrl)
    {
        Factory = factory;
        BaseUrl = baseUrl.ToString();
    }

    /// <summary>The factory behind the server, for the helpers that take one (<see cref="TestUsers"/>).</summary>
    public FeedbackAppFactory Factory { get; }

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c> (with the trailing slash).</summary>
    public string BaseUrl { get; }

    public IServiceProvider Services => Factory.Services;

    public string ConnectionString => Factory.ConnectionString!;

    /// <summary>Creates the app (settings as in <see cref="FeedbackAppFactory.CreateAsync"/>) and starts serving it.</summary>
    public static async Task<BrowserApp> StartAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var factory = await FeedbackAppFactory.CreateAsync(configure);
            try
            {
                // Port 0 lets Kestrel bind whatever port the kernel hands out: no window in which another process
                // can take it, as there would be after probing for a free port and closing the probe.
                factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
                factory.StartServer();

                var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
                    .Addresses.Single();
                var baseUrl = new Uri(address.TrimEnd('/') + "/");
                if (!UnsafePorts.Contains(baseUrl.Port) || attempt == 3)
                {
                    return new BrowserApp(factory, baseUrl);
                }
            }
            catch
            {
                await factory.DisposeAsync();
                throw;
            }

            await factory.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
