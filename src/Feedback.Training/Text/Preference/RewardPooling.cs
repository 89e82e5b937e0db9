namespace Feedback.Training.Text.Preference;

/// <summary>Which final hidden states a <see cref="RewardModel"/>'s head reads.</summary>
public enum RewardPooling
{
    /// <summary>The state at each row's last real token, as Hugging Face's LlamaForSequenceClassification reads it.</summary>
    LastToken,

    /// <summary>The mean of the states over each row's real tokens.</summary>
    Mean,
}
