namespace Feedback.Training.Text.Preference;

/// <summary>Which direct preference objective <see cref="DpoTrainer"/> minimizes.</summary>
public enum DpoLoss
{
    /// <summary>DPO (Rafailov et al.): -log sigmoid(beta * difference of log-ratios).</summary>
    Sigmoid,

    /// <summary>IPO (Azar et al.): the squared distance of the length-normalized log-ratio difference from 1/(2 beta).</summary>
    Ipo,

    /// <summary>Conservative DPO: DPO that believes each label with probability 1 - label smoothing.</summary>
    Robust,
}
