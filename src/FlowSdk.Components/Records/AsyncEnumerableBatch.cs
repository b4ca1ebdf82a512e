using System.Runtime.CompilerServices;

namespace FlowSdk.Components.Records;

/// <summary><c>Batch(n)</c> for asynchronous sequences: a split of records becomes a split of batches.</summary>
public static class AsyncEnumerableBatch
{
    /// <summary>
    /// Groups <paramref name="source"/> into arrays of <paramref name="size"/> items; the last array holds the remainder.
    /// Each batch is one new array that the caller owns (nothing is reused), and no other allocation is made per item.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="source">The sequence to group.</param>
    /// <param name="size">The number of items in a full batch; at least 1.</param>
    /// <param name="cancellationToken">Cancels the enumeration of <paramref name="source"/>.</param>
    /// <returns>The batches, in order; none for an empty source.</returns>
    public static IAsyncEnumerable<T[]> Batch<T>(this IAsyncEnumerable<T> source, int size, CancellationToken cancellationToken = default)
    {
        // Validated here, not in the iterator, so a wrong argument throws at the call, not at the first MoveNextAsync.
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        return BatchIterator(source, size, cancellationToken);
    }

    private static async IAsyncEnumerable<T[]> BatchIterator<T>(IAsyncEnumerable<T> source, int size, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        T[]? batch = null;
        var count = 0;
        await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            batch ??= new T[size];
            batch[count++] = item;
            if (count == size)
            {
                yield return batch;
                batch = null;
                count = 0;
            }
        }

        if (batch is not null)
        {
            // The remainder gets an array of its own length: callers can rely on Length being the item count.
            Array.Resize(ref batch, count);
            yield return batch;
        }
    }
}
