// Hangfire keeps its configuration in static state, so test classes that start the app run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
