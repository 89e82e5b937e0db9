using Feedback.Core.Projects;

namespace Feedback.Jobs.Demo;

/// <summary>An item for a demo project; a gold item names the position of its better candidate.</summary>
internal sealed record DemoItem(NewItem Item, int? GoldPreferredPosition = null);
