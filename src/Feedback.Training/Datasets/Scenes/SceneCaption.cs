namespace Feedback.Training.Datasets.Scenes;

/// <summary>
/// Captions in a small fixed grammar, to text and back:
/// "a red circle", "two large blue squares on a gray background", "a red circle above a blue square",
/// "a yellow square and two white triangles".
/// </summary>
public static class SceneCaption
{
    public static string Format(SceneRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var joint = request.Relation is { } relation ? $" {SceneWords.Relation(relation)} " : " and ";
        var caption = string.Join(joint, request.Groups.Select(SceneWords.Phrase));
        return request.Background is { } background ? $"{caption} on a {SceneWords.Background(background)} background" : caption;
    }

    /// <summary>A caption that <paramref name="scene"/> follows in every respect.</summary>
    public static string Describe(Scene scene) => Format(SceneRequest.Describing(scene));

    /// <exception cref="FormatException">The caption is not in the grammar.</exception>
    public static SceneRequest Parse(string caption)
    {
        ArgumentNullException.ThrowIfNull(caption);
        var words = caption.Trim().TrimEnd('.').ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var reader = new CaptionReader(caption, words);
        var groups = new List<ShapeGroup> { reader.Group() };
        var relation = reader.Relation();
        if (relation is not null)
        {
            groups.Add(reader.Group());
        }
        else
        {
            while (reader.Accept("and"))
            {
                groups.Add(reader.Group());
            }
        }

        var background = reader.Background();
        reader.End();
        try
        {
            return new SceneRequest(groups, relation, background);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Caption '{caption}' asks for something impossible: {e.Message}", e);
        }
    }

    public static bool TryParse(string caption, out SceneRequest? request)
    {
        try
        {
            request = Parse(caption);
            return true;
        }
        catch (FormatException)
        {
            request = null;
            return false;
        }
    }

    private sealed class CaptionReader(string caption, string[] words)
    {
        private int _position;

        public ShapeGroup Group()
        {
            var count = Expect(SceneWords.ParseCount, "a count such as 'a' or 'two'");
            var size = SceneWords.ParseSize(Peek());
            if (size is not null)
            {
                _position++;
            }

            var color = Expect(SceneWords.ParseColor, "a colour");
            var kind = Expect(SceneWords.ParseNoun, "a shape");
            return new ShapeGroup(count, kind, color, size);
        }

        public SpatialRelation? Relation()
        {
            foreach (var relation in Enum.GetValues<SpatialRelation>())
            {
                var phrase = SceneWords.Relation(relation).Split(' ');
                if (words.Skip(_position).Take(phrase.Length).SequenceEqual(phrase))
                {
                    _position += phrase.Length;
                    return relation;
                }
            }

            return null;
        }

        public SceneBackground? Background()
        {
            if (!Accept("on"))
            {
                return null;
            }

            if (!Accept("a") && !Accept("an"))
            {
                throw Error("'a' after 'on'");
            }

            var end = Array.IndexOf(words, "background", _position);
            if (end < 0)
            {
                throw Error("'... background'");
            }

            var background = SceneWords.ParseBackground(string.Join(' ', words[_position..end])) ?? throw Error("a background colour");
            _position = end + 1;
            return background;
        }

        public bool Accept(string word)
        {
            if (Peek() != word)
            {
                return false;
            }

            _position++;
            return true;
        }

        public void End()
        {
            if (_position < words.Length)
            {
                throw Error("the end of the caption");
            }
        }

        private string Peek() => _position < words.Length ? words[_position] : "";

        private T Expect<T>(Func<string, T?> parse, string expected)
            where T : struct
        {
            var value = parse(Peek()) ?? throw Error(expected);
            _position++;
            return value;
        }

        private FormatException Error(string expected)
        {
            var at = _position < words.Length ? $"'{words[_position]}'" : "the end";
            return new FormatException($"Caption '{caption}' is not understood: expected {expected} at {at}.");
        }
    }
}
