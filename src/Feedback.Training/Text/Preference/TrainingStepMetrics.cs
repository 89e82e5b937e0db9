namespace Feedback.Training.Text.Preference;

/// <summary>
/// Where a run stands after a step. <see cref="Values"/> holds "loss", "learning_rate", "grad_norm", "skipped_steps"
/// and the trainer's own metrics; on evaluation steps (<see cref="Evaluated"/>) also held-out ones prefixed "eval/".
/// </summary>
public sealed record TrainingStepMetrics(int Step, int Steps, IReadOnlyDictionary<string, double> Values, bool Evaluated);
