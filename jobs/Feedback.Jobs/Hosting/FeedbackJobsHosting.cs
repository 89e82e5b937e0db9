using Feedback.Jobs.Demo;
using Feedback.Jobs.Generation;
using Feedback.Jobs.Maintenance;
using Feedback.Jobs.Simulation;
using Feedback.Jobs.Training;
using Feedback.Jobs.Training.Images;
using Feedback.Sampling;
using Feedback.Sampling.Diffusion;
using Feedback.Sampling.Text;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Feedback.Jobs.Hosting;

public static class FeedbackJobsHosting
{
    /// <summary>
    /// Registers Hangfire on the Feedback database (schema "hangfire") and the job classes. Unless
    /// <c>Feedback:Jobs:RunServer</c> is false, this process also runs a Hangfire server for the queues in
    /// <c>Feedback:Jobs:Queues</c> (default: all of them) and registers the recurring jobs.
    /// </summary>
    public static IHostApplicationBuilder AddFeedbackJobs(this IHostApplicationBuilder builder, string connectionString)
    {
        var configuration = builder.Configuration;
        builder.Services.AddHangfire(hangfire => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                storage => storage.UseNpgsqlConnection(connectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = TimeSpan.FromSeconds(configuration.GetValue("Feedback:Jobs:PollIntervalSeconds", 2.0)),
                }));

        builder.Services.AddTransient<LeaseCleanupJob>();
        builder.Services.AddTransient<RaterAutoPauseJob>();
        builder.Services.AddSingleton<DemoSeeder>();
        builder.Services.AddSingleton(new TextSessionCache(SamplingDevice(configuration["Feedback:Sampling:Device"])));
        builder.Services.AddSingleton<BaseCheckpoints>();
        builder.Services.AddSingleton(new ImageSessionCache(SamplingDevice(configuration["Feedback:Sampling:Device"])));
        builder.Services.AddSingleton<GenerationBatches>();
        builder.Services.AddSingleton<TextCandidateGenerator>();
        builder.Services.AddSingleton<ImageCandidateGenerator>();
        builder.Services.AddSingleton<GenerationScheduler>();
        builder.Services.AddSingleton<GenerationOverview>();
        builder.Services.AddTransient<CandidateGenerationJob>();
        builder.Services.AddTransient<CandidateTopUpJob>();
        builder.Services.AddSingleton<RunLog>();
        builder.Services.AddSingleton<TextRunTrainer>();
        builder.Services.AddSingleton<PolicyGate>();
        builder.Services.AddSingleton<ImageRunTrainer>();
        builder.Services.AddSingleton<SceneJudge>();
        builder.Services.AddSingleton<CheckpointSamples>();
        builder.Services.AddSingleton<ImagePolicyGate>();
        builder.Services.AddSingleton<ServingSwitch>();
        builder.Services.AddSingleton<TrainingRunExecutor>();
        builder.Services.AddSingleton<TrainingRunScheduler>();
        builder.Services.AddSingleton<TrainingSchedules>();
        builder.Services.AddSingleton<TrainingOverview>();
        builder.Services.AddTransient<TrainingRunJob>();
        builder.Services.AddTransient<ScheduledTrainingJob>();
        builder.Services.AddSingleton<SimulatedRaters>();
        builder.Services.AddSingleton<OracleEvaluation>();
        builder.Services.AddSingleton<RewardModelBreakdown>();
        builder.Services.AddSingleton<LoopBench>();
        builder.Services.AddSingleton<BenchTraining>();
        builder.Services.AddSingleton<LoopRounds>();
        builder.Services.AddSingleton<SceneOracle>();
        builder.Services.AddSingleton<ImageOracleEvaluation>();
        builder.Services.AddSingleton<ImageLoopBench>();

        if (configuration.GetValue("Feedback:Jobs:RunServer", true))
        {
            builder.Services.AddHangfireServer(server =>
            {
                server.Queues = JobQueues.Parse(configuration["Feedback:Jobs:Queues"]);
                server.WorkerCount = configuration.GetValue("Feedback:Jobs:Workers", Math.Max(2, Environment.ProcessorCount));
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
            builder.Services.AddHostedService<RecurringJobRegistration>();
        }

        return builder;
    }

    /// <summary><c>Feedback:Sampling:Device</c>: cpu or cuda; unset, CUDA when the build includes it.</summary>
    private static InferenceDevice? SamplingDevice(string? configured) => configured?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "cpu" => InferenceDevice.Cpu,
        "cuda" => InferenceDevice.Cuda,
        _ => throw new ArgumentException($"Feedback:Sampling:Device is '{configured}'; use cpu or cuda."),
    };
}
