using System.Globalization;
using System.Runtime.InteropServices;

namespace Feedback.Core.Database;

/// <summary>Reads a cluster's postmaster.pid and looks at the process it names through /proc.</summary>
internal static class PostmasterProcess
{
    public static string PidFile(string clusterDirectory) => Path.Combine(clusterDirectory, "postmaster.pid");

    /// <summary>The PID on the first line of postmaster.pid, or null when there is no readable file.</summary>
    public static int? ReadPid(string clusterDirectory)
    {
        try
        {
            var firstLine = File.ReadLines(PidFile(clusterDirectory)).FirstOrDefault();
            return int.TryParse(firstLine?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
                ? pid
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether the process exists and is not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The state follows the command name, which is in parentheses and may itself contain ") ".
            var afterName = stat[(stat.LastIndexOf(')') + 1)..].TrimStart();
            return afterName.Length > 0 && afterName[0] is not ('Z' or 'X');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Whether the process is a postmaster started with <c>-D clusterDirectory</c> (and not a reused PID).</summary>
    public static bool IsPostmasterFor(int pid, string clusterDirectory)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            if (arguments.Length == 0)
            {
                return false;
            }

            var program = Path.GetFileName(arguments[0]);
            return program is "postgres" or "postmaster" && arguments.Contains(clusterDirectory, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Asks the postmaster for a fast shutdown (SIGINT, what <c>pg_ctl stop -m fast</c> sends) without starting a
    /// program, for when the process may be killed moments later.
    /// </summary>
    public static void RequestFastShutdown(int pid)
    {
        const int sigint = 2;
        _ = kill(pid, sigint);
    }

    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
