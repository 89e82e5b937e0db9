// TorchSharp reports native errors through state that concurrent tests can disturb, so test classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
