namespace Feedback.Core.Database;

/// <summary>The PostgreSQL server binaries needed to run an embedded cluster are not on this machine.</summary>
public sealed class PostgresNotInstalledException : Exception
{
    public const string InstallHint = "Install them with: sudo apt-get install postgresql";

    public PostgresNotInstalledException()
        : this("PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on this machine. " + InstallHint)
    {
    }

    public PostgresNotInstalledException(string message)
        : base(message)
    {
    }

    public PostgresNotInstalledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
