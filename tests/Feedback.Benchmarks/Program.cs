using Feedback.Benchmarks;

// Figures, not pass/fail. Usage: dotnet run -c Release --project tests/Feedback.Benchmarks -- rating [--ops N] [--levels 1,50,200]
return args.FirstOrDefault() switch
{
    "rating" => await RatingBenchmark.RunAsync(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("bench rating [--ops N] [--levels 1,50,200]   submit-vote-and-get-next latency against a raw Npgsql floor");
    return 2;
}
