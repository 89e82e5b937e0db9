namespace Feedback.Jobs.Simulation;

/// <summary>
/// One round of the loop: the votes, the reward model's held-out accuracy beside the ceiling that noisy labels allow,
/// the gate's verdict, and the noise-free oracle's judgement of the round's policy against the base model.
/// </summary>
/// <param name="RewardBreakdown">For text, the reward model's held-out verdicts by prompt family and deciding axis; null for images.</param>
public sealed record LoopRoundResult(
    int Round,
    SimulationSummary Votes,
    double RewardAccuracy,
    double NoiseCeiling,
    string GateVerdict,
    bool Promoted,
    OracleComparison AgainstBase,
    TimeSpan Generation,
    TimeSpan Voting,
    TimeSpan RewardTraining,
    TimeSpan PolicyTraining,
    TimeSpan Total,
    RewardBreakdown? RewardBreakdown);
