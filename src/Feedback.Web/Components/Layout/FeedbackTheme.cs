using MudBlazor;

namespace Feedback.Web.Components.Layout;

public static class FeedbackTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3f51b5",
            Secondary = "#5c6b7a",
            AppbarBackground = "#283593",
            Background = "#f5f6fa",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"] },
        },
    };
}
