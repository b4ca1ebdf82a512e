using System.Diagnostics.CodeAnalysis;

namespace FlowSdk.Instances;

/// <summary>
/// An instance's decrypted secrets, for the code that runs it. Values come out only through
/// <see cref="TryGetValue"/> and <see cref="GetValue"/>: <see cref="ToString"/>, serialisation and debuggers see names only.
/// Use <see cref="Redact(string?)"/> on any text (an error message, a header) before it is logged or stored.
/// </summary>
public sealed class InstanceSecrets
{
    /// <summary>The text that replaces a secret value in redacted text.</summary>
    public const string Mask = "***";

    private readonly Dictionary<string, string> _values;
    private string[]? _forms;

    /// <summary>Wraps decrypted values by name.</summary>
    public InstanceSecrets(string instanceId, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        InstanceId = instanceId;
        _values = new Dictionary<string, string>(values, StringComparer.Ordinal);
        Names = [.. _values.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The instance the secrets belong to.</summary>
    public string InstanceId { get; }

    /// <summary>The secret names, sorted.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Gets a secret's value.</summary>
    public bool TryGetValue(string name, [NotNullWhen(true)] out string? value) => _values.TryGetValue(name, out value);

    /// <summary>Gets a secret's value.</summary>
    /// <exception cref="KeyNotFoundException">The instance has no secret of that name (the message names it, never a value).</exception>
    public string GetValue(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"Instance '{InstanceId}' has no secret '{name}'.");

    /// <summary>
    /// Replaces every occurrence of a secret value in <paramref name="text"/> with <see cref="Mask"/>: as is, and in the
    /// forms a value takes on its way into an error message or a stored request (<see cref="SecretForms"/>). The one
    /// place FlowSdk masks secrets: logs, span events, history, dead letters and management answers all come here.
    /// </summary>
    [return: NotNullIfNotNull(nameof(text))]
    public string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var form in _forms ??= SecretForms.Of(_values.Values))
        {
            text = text.Replace(form, Mask, StringComparison.OrdinalIgnoreCase);
        }

        return text;
    }

    /// <summary>Names only; never a value.</summary>
    public override string ToString() => $"InstanceSecrets({InstanceId}: {string.Join(", ", Names)})";
}
