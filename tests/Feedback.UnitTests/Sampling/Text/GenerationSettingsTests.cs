using Feedback.Sampling.Text;

namespace Feedback.UnitTests.Sampling.Text;

public sealed class GenerationSettingsTests
{
    [Fact]
    public void Defaults_sample_at_temperature_0_8_with_nucleus_0_95_and_the_cache_on()
    {
        var settings = new GenerationSettings();

        settings.MaxNewTokens.ShouldBe(128);
        settings.Temperature.ShouldBe(0.8f);
        settings.TopK.ShouldBe(0);
        settings.TopP.ShouldBe(0.95f);
        settings.StopAtEos.ShouldBeTrue();
        settings.UseCache.ShouldBeTrue();
        settings.IsGreedy.ShouldBeFalse();
        Should.NotThrow(settings.Validate);
    }

    [Fact]
    public void Settings_that_describe_no_distribution_are_refused_by_name()
    {
        Should.Throw<ArgumentOutOfRangeException>(new GenerationSettings { MaxNewTokens = -1 }.Validate).ParamName.ShouldBe("MaxNewTokens");
        Should.Throw<ArgumentOutOfRangeException>(new GenerationSettings { Temperature = -0.1f }.Validate).ParamName.ShouldBe("Temperature");
        Should.Throw<ArgumentOutOfRangeException>(new GenerationSettings { Temperature = float.NaN }.Validate).ParamName.ShouldBe("Temperature");
        Should.Throw<ArgumentOutOfRangeException>(new GenerationSettings { TopK = -1 }.Validate).ParamName.ShouldBe("TopK");
        Should.Throw<ArgumentOutOfRangeException>(new GenerationSettings { TopP = 0f }.Validate).ParamName.ShouldBe("TopP");
    }
}
