using Feedback.Training.Datasets.Scenes;

namespace Feedback.UnitTests.Datasets;

public sealed class SceneGeneratorTests
{
    private static readonly IReadOnlyList<CaptionedScene> Examples = SceneGenerator.Generate(500, seed: 11).ToList();

    [Fact]
    public void The_same_seed_gives_the_same_scenes_and_another_seed_other_ones()
    {
        var again = SceneGenerator.Generate(500, seed: 11).ToList();
        var other = SceneGenerator.Generate(500, seed: 12).ToList();

        again.ShouldBe(Examples);
        other.Select(e => e.Caption).ShouldNotBe(Examples.Select(e => e.Caption));
    }

    [Fact]
    public void Every_scene_fully_follows_its_own_caption()
    {
        foreach (var example in Examples)
        {
            example.Request.Matches(example.Scene).ShouldBeTrue(example.Caption);
            SceneCaption.Parse(example.Caption).Score(example.Scene).ShouldBe(1.0, example.Caption);
            SceneCaption.Format(example.Request).ShouldBe(example.Caption);
        }
    }

    [Fact]
    public void Scenes_hold_one_to_three_shapes_inside_the_image_without_overlaps()
    {
        foreach (var shapes in Examples.Select(e => e.Scene.Shapes))
        {
            shapes.Count.ShouldBeInRange(1, 3);
            foreach (var shape in shapes)
            {
                var half = shape.Extent / 2;
                shape.X.ShouldBeInRange(half, 1 - half);
                shape.Y.ShouldBeInRange(half, 1 - half);
            }

            for (var i = 0; i < shapes.Count; i++)
            {
                for (var j = i + 1; j < shapes.Count; j++)
                {
                    shapes[i].IsClearOf(shapes[j]).ShouldBeTrue();
                }
            }
        }
    }

    [Fact]
    public void Captions_cover_every_pattern()
    {
        Examples.ShouldContain(e => e.Request.Groups.Count == 1 && e.Request.Groups[0].Count == 1);
        Examples.ShouldContain(e => e.Request.Groups.Count == 1 && e.Request.Groups[0].Count == 3);
        Examples.ShouldContain(e => e.Request.Groups.Count == 2 && e.Request.Relation == null);
        Examples.ShouldContain(e => e.Request.Groups.Any(g => g.Size != null));
        Examples.ShouldContain(e => e.Request.Background != null);
        foreach (var relation in Enum.GetValues<SpatialRelation>())
        {
            Examples.ShouldContain(e => e.Request.Relation == relation);
        }
    }

    [Fact]
    public void A_mistake_no_longer_follows_the_caption()
    {
        var rng = new Random(5);
        foreach (var example in Examples)
        {
            var mistake = SceneGenerator.Mistake(example, rng);

            example.Request.Score(mistake).ShouldBeLessThan(1.0, example.Caption);
            mistake.Shapes.ShouldNotBeEmpty();
        }
    }

    [Fact]
    public void Mistakes_change_colours_shapes_counts_sizes_backgrounds_and_relations()
    {
        var rng = new Random(6);
        var changes = new HashSet<string>();
        foreach (var example in Examples)
        {
            var (before, after) = (example.Scene, SceneGenerator.Mistake(example, rng));
            if (before.Shapes.Count != after.Shapes.Count)
            {
                changes.Add("count");
                continue;
            }

            changes.UnionWith(before.Shapes.Zip(after.Shapes).SelectMany(pair => Differences(pair.First, pair.Second)));
            if (before.Background != after.Background)
            {
                changes.Add("background");
            }
        }

        changes.ShouldBe(["count", "color", "kind", "size", "background", "position"], ignoreOrder: true);
    }

    [Fact]
    public void Mistakes_are_the_same_for_the_same_seed()
    {
        var first = Examples.Take(50).Select(e => SceneGenerator.Mistake(e, new Random(9))).ToList();
        var second = Examples.Take(50).Select(e => SceneGenerator.Mistake(e, new Random(9))).ToList();

        second.ShouldBe(first);
    }

    [Fact]
    public void A_scene_described_in_words_follows_its_description()
    {
        var rng = new Random(7);
        foreach (var scene in Examples.SelectMany(e => new[] { e.Scene, SceneGenerator.Mistake(e, rng) }))
        {
            var description = SceneCaption.Describe(scene);

            SceneCaption.Parse(description).Matches(scene).ShouldBeTrue(description);
        }
    }

    private static IEnumerable<string> Differences(SceneShape before, SceneShape after)
    {
        if (before.Color != after.Color)
        {
            yield return "color";
        }

        if (before.Kind != after.Kind)
        {
            yield return "kind";
        }

        if (before.Size != after.Size)
        {
            yield return "size";
        }

        if (before.X != after.X || before.Y != after.Y)
        {
            yield return "position";
        }
    }
}
