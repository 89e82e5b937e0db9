namespace Feedback.Core.Projects;

/// <summary>Splits a JSON Lines file into its non-blank lines, numbered from 1 as an editor numbers them.</summary>
internal static class JsonLines
{
    public static IEnumerable<(int Number, ReadOnlyMemory<byte> Line)> Split(ReadOnlyMemory<byte> content)
    {
        if (content.Span.StartsWith("\uFEFF"u8))
        {
            content = content[3..];
        }

        var number = 0;
        while (!content.IsEmpty)
        {
            number++;
            var end = content.Span.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            content = end < 0 ? ReadOnlyMemory<byte>.Empty : content[(end + 1)..];
            if (!line.Span.Trim(" \t\r"u8).IsEmpty)
            {
                yield return (number, line);
            }
        }
    }
}
