using Feedback.Training.Datasets.Scenes;

namespace Feedback.UnitTests.Datasets;

public sealed class SceneCaptionTests
{
    [Fact]
    public void A_single_shape_is_read()
    {
        var request = SceneCaption.Parse("a red circle");

        request.Groups.ShouldBe([new ShapeGroup(1, ShapeKind.Circle, ShapeColor.Red)]);
        request.Relation.ShouldBeNull();
        request.Background.ShouldBeNull();
    }

    [Fact]
    public void A_count_is_read()
    {
        SceneCaption.Parse("two blue squares").Groups.ShouldBe([new ShapeGroup(2, ShapeKind.Square, ShapeColor.Blue)]);
        SceneCaption.Parse("three white triangles").Groups.ShouldBe([new ShapeGroup(3, ShapeKind.Triangle, ShapeColor.White)]);
    }

    [Fact]
    public void A_size_and_a_background_are_read()
    {
        var request = SceneCaption.Parse("a large green triangle on a gray background");

        request.Groups.ShouldBe([new ShapeGroup(1, ShapeKind.Triangle, ShapeColor.Green, ShapeSize.Large)]);
        request.Background.ShouldBe(SceneBackground.Gray);
        SceneCaption.Parse("two small purple circles on a dark blue background").Background.ShouldBe(SceneBackground.DarkBlue);
    }

    [Theory]
    [InlineData("a red circle above a blue square", SpatialRelation.Above)]
    [InlineData("a red circle below a blue square", SpatialRelation.Below)]
    [InlineData("a yellow square left of a purple circle", SpatialRelation.LeftOf)]
    [InlineData("a yellow square right of a purple circle", SpatialRelation.RightOf)]
    public void A_relation_between_two_shapes_is_read(string caption, SpatialRelation relation)
    {
        var request = SceneCaption.Parse(caption);

        request.Relation.ShouldBe(relation);
        request.Groups.Count.ShouldBe(2);
        SceneCaption.Format(request).ShouldBe(caption);
    }

    [Fact]
    public void Groups_joined_by_and_are_read()
    {
        SceneCaption.Parse("a red circle and two white triangles").Groups.ShouldBe(
        [
            new ShapeGroup(1, ShapeKind.Circle, ShapeColor.Red),
            new ShapeGroup(2, ShapeKind.Triangle, ShapeColor.White),
        ]);
    }

    [Fact]
    public void Case_extra_spaces_and_a_final_full_stop_do_not_matter()
    {
        SceneCaption.Parse("  A Red   Circle above a blue square. ").ShouldBe(SceneCaption.Parse("a red circle above a blue square"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a pink circle")]
    [InlineData("two red")]
    [InlineData("a red hexagon")]
    [InlineData("a red circle on a green background")]
    [InlineData("a red circle above two blue squares")]
    [InlineData("a red circle next to a blue square")]
    [InlineData("a red circle on a gray")]
    public void Captions_outside_the_grammar_are_refused(string caption)
    {
        Should.Throw<FormatException>(() => SceneCaption.Parse(caption));
        SceneCaption.TryParse(caption, out var request).ShouldBeFalse();
        request.ShouldBeNull();
    }

    [Fact]
    public void Above_needs_the_first_shape_higher_by_a_clear_margin()
    {
        var request = SceneCaption.Parse("a red circle above a blue square");
        var circle = new SceneShape(ShapeKind.Circle, ShapeColor.Red, ShapeSize.Small, 0.5f, 0.2f);
        var square = new SceneShape(ShapeKind.Square, ShapeColor.Blue, ShapeSize.Small, 0.5f, 0.8f);

        request.Score(new Scene(SceneBackground.Black, [circle, square])).ShouldBe(1.0);
        request.Score(new Scene(SceneBackground.Black, [circle with { Y = 0.8f }, square with { Y = 0.2f }])).ShouldBe(0.75);
        request.Matches(new Scene(SceneBackground.Black, [circle with { Y = 0.45f }, square with { Y = 0.5f }])).ShouldBeFalse();
    }

    [Fact]
    public void Each_unmet_requirement_is_named()
    {
        var request = SceneCaption.Parse("two large blue squares on a gray background");
        var scene = new Scene(
            SceneBackground.Black,
            [
                new SceneShape(ShapeKind.Square, ShapeColor.Blue, ShapeSize.Small, 0.25f, 0.5f),
                new SceneShape(ShapeKind.Square, ShapeColor.Blue, ShapeSize.Large, 0.75f, 0.5f),
                new SceneShape(ShapeKind.Circle, ShapeColor.Red, ShapeSize.Small, 0.5f, 0.15f),
            ]);

        var unmet = request.Evaluate(scene).Where(r => !r.Met).Select(r => r.Description);

        unmet.ShouldBe(["the blue squares are large", "no other shapes", "a gray background"]);
        request.Score(scene).ShouldBe(0.25);
    }

    [Fact]
    public void A_description_names_every_shape_its_size_and_the_background()
    {
        var scene = new Scene(
            SceneBackground.Brown,
            [
                new SceneShape(ShapeKind.Triangle, ShapeColor.Yellow, ShapeSize.Small, 0.45f, 0.8f),
                new SceneShape(ShapeKind.Triangle, ShapeColor.Yellow, ShapeSize.Small, 0.85f, 0.8f),
                new SceneShape(ShapeKind.Circle, ShapeColor.White, ShapeSize.Large, 0.5f, 0.3f),
            ]);

        SceneCaption.Describe(scene).ShouldBe("two small yellow triangles and a large white circle on a brown background");
        SceneCaption.Describe(scene with { Shapes = [scene.Shapes[0], scene.Shapes[2]] })
            .ShouldBe("a small yellow triangle below a large white circle on a brown background");
    }
}
