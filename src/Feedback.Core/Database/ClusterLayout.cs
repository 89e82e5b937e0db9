using System.Security.Cryptography;
using System.Text;

namespace Feedback.Core.Database;

/// <summary>Where a cluster's files, log and unix socket live for a given data directory.</summary>
internal sealed record ClusterLayout(string DataDirectory, string ClusterDirectory, string LogFile, string SocketDirectory)
{
    public string VersionFile => Path.Combine(ClusterDirectory, "PG_VERSION");

    public static ClusterLayout For(EmbeddedPostgresOptions options)
    {
        var dataDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDirectory));
        var clusterDirectory = Path.Combine(dataDirectory, "postgres");

        // A unix socket path may not exceed about 107 bytes, so the socket cannot live under an arbitrary
        // data folder; a short, private folder in /tmp named after the cluster is used instead.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Environment.UserName + "\n" + clusterDirectory));
        var socketDirectory = "/tmp/feedback-pg-" + Convert.ToHexStringLower(hash)[..16];

        return new ClusterLayout(dataDirectory, clusterDirectory, Path.Combine(dataDirectory, "postgres.log"), socketDirectory);
    }
}
