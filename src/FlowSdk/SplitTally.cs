namespace FlowSdk;

/// <summary>
/// Counts per-item outcomes of a split inside generated code. A mutable value type kept in a local, so counting
/// allocates nothing; not meant to be used by hand.
/// </summary>
/// <typeparam name="T">The payload type after the last step.</typeparam>
public struct SplitTally<T>
{
    /// <summary>Items that ran through every step.</summary>
    public int Completed { get; private set; }

    /// <summary>Items stopped by a filter.</summary>
    public int Filtered { get; private set; }

    /// <summary>Items whose steps threw.</summary>
    public int Failed { get; private set; }

    /// <summary>The output of the last completed item.</summary>
    public T LastOutput { get; private set; }

    /// <summary>The step of the first failure.</summary>
    public string? FailedStep { get; private set; }

    /// <summary>The exception of the first failure.</summary>
    public Exception? Exception { get; private set; }

    /// <summary>Records an item that completed with <paramref name="output"/>.</summary>
    public void ItemCompleted(T output)
    {
        Completed++;
        LastOutput = output;
    }

    /// <summary>Records an item stopped by a filter.</summary>
    public void ItemFiltered() => Filtered++;

    /// <summary>Records the result of a whole run for one item (an entry's items each run every step).</summary>
    public void ItemRan(in FlowResult<T> result)
    {
        Completed += result.CompletedItems;
        Filtered += result.FilteredItems;
        if (result.CompletedItems > 0)
        {
            LastOutput = result.Output;
        }

        if (result.FailedItems > 0)
        {
            var first = Failed == 0;
            Failed += result.FailedItems;
            if (first)
            {
                FailedStep = result.FailedStep;
                Exception = result.Exception;
            }
        }
    }

    /// <summary>Records an item whose step <paramref name="step"/> threw; the first failure is kept.</summary>
    public void ItemFailed(string step, Exception exception)
    {
        if (Failed++ == 0)
        {
            FailedStep = step;
            Exception = exception;
        }
    }
}
