using System.Text;

namespace Feedback.Training.Tokenizers;

/// <summary>
/// One id per UTF-8 byte (0-255), then BOS = 256, EOS = 257 and PAD = 258: nothing to train, every string encodable,
/// and the vocabulary of the models the platform trains from scratch.
/// </summary>
public sealed class ByteTokenizer : ITextTokenizer
{
    public const int Bos = 256;
    public const int Eos = 257;
    public const int Pad = 258;
    public const int Size = 259;

    // Invalid sequences decode to U+FFFD instead of throwing: generated ids may cut a character in half.
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public int VocabSize => Size;

    public int BosId => Bos;

    public int EosId => Eos;

    public int PadId => Pad;

    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Utf8.GetBytes(text);
        var ids = new int[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            ids[i] = bytes[i];
        }

        return ids;
    }

    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = ids.Where(id => id is >= 0 and < 256).Select(id => (byte)id).ToArray();
        return Utf8.GetString(bytes);
    }

    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        TokenizerDescription.Of(this, TokenizerDescription.ByteKind).Write(folder);
    }
}
