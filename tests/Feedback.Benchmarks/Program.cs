using Feedback.Benchmarks;

// Figures, not pass/fail. Usage: dotnet run -c Release --project tests/Feedback.Benchmarks -- <rating|text|images|preference|agreement> [options]
return args.FirstOrDefault() switch
{
    "rating" => await RatingBenchmark.RunAsync(args.Skip(1).ToArray()),
    "text" => TextBenchmark.Run(args.Skip(1).ToArray()),
    "images" => ImageBenchmark.Run(args.Skip(1).ToArray()),
    "preference" => PreferenceBenchmark.Run(args.Skip(1).ToArray()),
    "agreement" => await AgreementBenchmark.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("bench rating [--ops N] [--levels 1,50,200]   submit-vote-and-get-next latency against a raw Npgsql floor");
    Console.WriteLine("bench text [--checkpoint DIR] [--batches 1,16] [--new-tokens 128] [--prompt-tokens 32] [--train-steps 10]");
    Console.WriteLine("                                             generated tokens/s (ONNX Runtime with and without cache, TorchSharp eager), training tokens/s and GFLOP/s");
    Console.WriteLine("bench images [--checkpoint DIR] [--batches 1,16] [--steps 20] [--repeats 3]");
    Console.WriteLine("                                             images/s with and without guidance, ONNX Runtime and TorchSharp eager");
    Console.WriteLine("bench preference [--checkpoint DIR] [--batch 16] [--steps 5]");
    Console.WriteLine("                                             seconds per step of DPO (full and LoRA), the reward model and RLOO");
    Console.WriteLine("bench agreement [--votes 1000000] [--raters 50]");
    Console.WriteLine("                                             time and memory of the agreement report, rater table and timeline over N votes");
    return 2;
}
