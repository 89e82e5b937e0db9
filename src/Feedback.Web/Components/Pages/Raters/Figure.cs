using System.Globalization;

namespace Feedback.Web.Components.Pages.Raters;

/// <summary>How the rater pages write figures: a dash where there is nothing to measure.</summary>
internal static class Figure
{
    public static string Percent(double share) => double.IsFinite(share) ? (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "–";

    public static string Number(double value, string format = "0.000") => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>Sorts undefined figures last whichever way a column is sorted ascending.</summary>
    public static double SortKey(double value) => double.IsFinite(value) ? value : double.MaxValue;
}
