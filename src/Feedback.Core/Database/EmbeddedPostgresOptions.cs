using System.Text;
using System.Text.RegularExpressions;

namespace Feedback.Core.Database;

/// <summary>Where and how an <see cref="EmbeddedPostgres"/> cluster runs.</summary>
/// <param name="DataDirectory">
/// The application's data folder. The cluster lives in its <c>postgres</c> subfolder and logs to <c>postgres.log</c>.
/// </param>
public sealed partial record EmbeddedPostgresOptions(string DataDirectory)
{
    /// <summary>The database created at start-up and named by <see cref="EmbeddedPostgres.ConnectionString"/>.</summary>
    public string Database { get; init; } = "feedback";

    /// <summary>The cluster's superuser, created by initdb.</summary>
    public string Username { get; init; } = "feedback";

    /// <summary>
    /// False trades crash safety for speed (fsync, synchronous commit and full page writes off): for throw-away clusters such as tests.
    /// </summary>
    public bool Durable { get; init; } = true;

    /// <summary>Extra server settings passed as <c>-c name=value</c> at each start.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The binaries to run; located with <see cref="PostgresBinaries.Locate()"/> when null.</summary>
    public PostgresBinaries? Binaries { get; init; }

    /// <summary>How long initdb, a start or a stop may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("A data directory is required.", nameof(DataDirectory));
        }

        ValidateIdentifier(Database, nameof(Database));
        ValidateIdentifier(Username, nameof(Username));
        foreach (var name in Settings.Keys)
        {
            if (!SettingName().IsMatch(name))
            {
                throw new ArgumentException($"'{name}' is not a PostgreSQL setting name.", nameof(Settings));
            }
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "The timeout must be positive.");
        }
    }

    internal static void ValidateIdentifier(string value, string paramName)
    {
        // PostgreSQL truncates identifiers to 63 bytes, which would silently name a different object.
        if (string.IsNullOrEmpty(value) || value.Contains('\0', StringComparison.Ordinal) || Encoding.UTF8.GetByteCount(value) > 63)
        {
            throw new ArgumentException($"'{value}' is not a valid PostgreSQL name (1 to 63 bytes, no NUL).", paramName);
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.]*$")]
    private static partial Regex SettingName();
}
