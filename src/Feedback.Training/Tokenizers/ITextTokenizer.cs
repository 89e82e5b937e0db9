namespace Feedback.Training.Tokenizers;

/// <summary>Turns text into the model's token ids and back, and writes itself into a checkpoint folder.</summary>
public interface ITextTokenizer
{
    /// <summary>One more than the highest id the tokenizer can produce, special ids included.</summary>
    int VocabSize { get; }

    int BosId { get; }

    int EosId { get; }

    int PadId { get; }

    /// <summary>The ids of <paramref name="text"/>, without BOS or EOS added; text that looks like a special token is plain text.</summary>
    IReadOnlyList<int> Encode(string text);

    /// <summary>The text of <paramref name="ids"/>, special ids skipped.</summary>
    string Decode(IEnumerable<int> ids);

    /// <summary>Writes the files that <see cref="TextTokenizers.Load"/> reads back into this tokenizer.</summary>
    void Save(string folder);
}
