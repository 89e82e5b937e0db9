namespace Feedback.IntegrationTests.Infrastructure;

/// <summary>
/// Test classes that compare the weights of two training runs bit for bit: <c>[Collection(AloneCollection.Name)]</c>.
/// They run with no other test beside them: with other tests' LibTorch work running in the same process, two such runs
/// have been seen to end with different weights.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Alone";
}
