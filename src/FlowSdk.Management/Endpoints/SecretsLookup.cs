using FlowSdk.Instances;

namespace FlowSdk.Management;

/// <summary>
/// Loads the secrets of the instances in an answer so any value that slipped into a stored error is masked before it
/// leaves the server (stored errors should already be redacted; this is the second line).
/// </summary>
internal static class SecretsLookup
{
    public static async Task<Dictionary<string, InstanceSecrets>> LoadAsync(IInstanceStore store, IEnumerable<string> instanceIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, InstanceSecrets>(StringComparer.Ordinal);
        foreach (var id in instanceIds.Distinct(StringComparer.Ordinal))
        {
            if (await store.GetSecretsAsync(id, cancellationToken).ConfigureAwait(false) is { } secrets)
            {
                result[id] = secrets;
            }
        }

        return result;
    }
}
