namespace Feedback.Training.Datasets.Text;

public sealed record CorpusAnswer(string Text, AnswerQuality Quality);
