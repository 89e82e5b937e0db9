namespace Feedback.Sampling.Text;

/// <summary>
/// The token ids and attention mask of a batch of sequences, left-padded to a common length and grown one column per
/// step, so that every row's newest token sits in the last column.
/// </summary>
internal sealed class TokenBatch
{
    private readonly long[] _ids;
    private readonly long[] _mask;
    private readonly int _capacity;

    private TokenBatch(int rows, int capacity)
    {
        Rows = rows;
        _capacity = capacity;
        _ids = new long[rows * capacity];
        _mask = new long[rows * capacity];
    }

    public int Rows { get; }

    /// <summary>Columns filled so far: the longest prompt plus the steps appended.</summary>
    public int Length { get; private set; }

    /// <param name="room">Columns to reserve for appended tokens.</param>
    public static TokenBatch FromPrompts(IReadOnlyList<IReadOnlyList<int>> prompts, long paddingTokenId, int room)
    {
        var longest = 0;
        for (var row = 0; row < prompts.Count; row++)
        {
            var prompt = prompts[row] ?? throw new ArgumentException($"Prompt {row} is null.", nameof(prompts));
            if (prompt.Count == 0)
            {
                throw new ArgumentException($"Prompt {row} has no tokens; a decoder needs at least one to continue.", nameof(prompts));
            }

            longest = Math.Max(longest, prompt.Count);
        }

        var batch = new TokenBatch(prompts.Count, longest + room) { Length = longest };
        for (var row = 0; row < prompts.Count; row++)
        {
            var padding = longest - prompts[row].Count;
            var offset = row * batch._capacity;
            batch._ids.AsSpan(offset, padding).Fill(paddingTokenId);
            for (var i = 0; i < prompts[row].Count; i++)
            {
                batch._ids[offset + padding + i] = prompts[row][i];
                batch._mask[offset + padding + i] = 1;
            }
        }

        return batch;
    }

    /// <summary>Appends one attended token per row.</summary>
    public void Append(ReadOnlySpan<int> tokens)
    {
        if (tokens.Length != Rows)
        {
            throw new ArgumentException($"Expected one token for each of {Rows} rows, got {tokens.Length}.", nameof(tokens));
        }

        if (Length == _capacity)
        {
            throw new InvalidOperationException($"The batch has no room past {_capacity} columns.");
        }

        for (var row = 0; row < Rows; row++)
        {
            _ids[(row * _capacity) + Length] = tokens[row];
            _mask[(row * _capacity) + Length] = 1;
        }

        Length++;
    }

    /// <returns>[rows, count] in row-major order.</returns>
    public long[] InputIds(int start, int count) => Columns(_ids, start, count);

    /// <returns>[rows, Length] in row-major order.</returns>
    public long[] AttentionMask() => Columns(_mask, 0, Length);

    /// <summary>Each token's position counted over attended tokens only (cumsum(mask) - 1), padding at 0.</summary>
    /// <returns>[rows, count] in row-major order.</returns>
    public long[] PositionIds(int start, int count)
    {
        var positions = new long[Rows * count];
        for (var row = 0; row < Rows; row++)
        {
            long attended = 0;
            for (var column = 0; column < start + count; column++)
            {
                attended += _mask[(row * _capacity) + column];
                if (column >= start)
                {
                    positions[(row * count) + column - start] = Math.Max(attended - 1, 0);
                }
            }
        }

        return positions;
    }

    private long[] Columns(long[] source, int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Length);
        var slice = new long[Rows * count];
        for (var row = 0; row < Rows; row++)
        {
            source.AsSpan((row * _capacity) + start, count).CopyTo(slice.AsSpan(row * count));
        }

        return slice;
    }
}
