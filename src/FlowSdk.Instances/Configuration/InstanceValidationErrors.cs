namespace FlowSdk.Instances;

/// <summary>Collects validation failures by field path, so a refusal can list every failing field at once.</summary>
public sealed class InstanceValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>Whether any failure was added.</summary>
    public bool HasErrors => _errors.Count > 0;

    /// <summary>Adds a failure for <paramref name="path"/> (for example <c>configuration.target.url</c>).</summary>
    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages))
        {
            _errors[path] = messages = [];
        }

        if (!messages.Contains(message, StringComparer.Ordinal))
        {
            messages.Add(message);
        }
    }

    /// <summary>The failures by field path.</summary>
    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>Throws <see cref="InstanceValidationException"/> when any failure was added.</summary>
    public void ThrowIfAny()
    {
        if (HasErrors)
        {
            throw new InstanceValidationException(ToDictionary());
        }
    }
}
