using System.Text.RegularExpressions;

namespace Feedback.Jobs.Training;

/// <summary>
/// Keeps training schedules to at most one firing an hour: each firing snapshots every vote and trains for minutes, so a
/// schedule that fired every minute would only pile up runs.
/// </summary>
public static partial class ScheduleFrequency
{
    /// <summary>Why the expression would fire more than once an hour, or null (an expression that is not cron is left to the parser).</summary>
    public static string? Problem(string cron)
    {
        ArgumentNullException.ThrowIfNull(cron);
        var trimmed = cron.Trim();
        var fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 6)
        {
            return $"'{trimmed}' has a seconds field; give five fields (minute hour day-of-month month day-of-week), for example 0 3 * * * for every night at 03:00.";
        }

        var everyMinuteOrSecond = trimmed.Equals("@every_minute", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("@every_second", StringComparison.OrdinalIgnoreCase);
        var manyMinutes = fields.Length == 5 && CronField().IsMatch(fields[0]) && !OneNumber().IsMatch(fields[0]);
        return everyMinuteOrSecond || manyMinutes
            ? $"'{trimmed}' would start a run more than once an hour; a schedule fires at most hourly: give the minute as one number, for example 0 * * * * for every hour on the hour or 0 3 * * * for every night at 03:00."
            : null;
    }

    [GeneratedRegex(@"^[0-9*/,\-]+$")]
    private static partial Regex CronField();

    [GeneratedRegex(@"^[0-9]{1,2}$")]
    private static partial Regex OneNumber();
}
