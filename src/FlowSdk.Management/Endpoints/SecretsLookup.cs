using System.Security.Cryptography;
using System.Text.Json;
using FlowSdk.Instances;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Management;

/// <summary>
/// Loads the secrets of the instances in an answer so any value that slipped into a stored error is masked before it
/// leaves the server (stored errors should already be redacted; this is the second line). An instance whose secrets do
/// not decrypt (its key was removed, its row is damaged) cannot be masked: its texts are withheld, the rest of the
/// answer is served as usual.
/// </summary>
internal sealed partial class SecretsLookup
{
    /// <summary>Stands in for a text that could not be masked.</summary>
    public const string Withheld = "(withheld: the instance's secrets could not be decrypted to mask this text)";

    // Null for an instance whose secrets could not be read.
    private readonly Dictionary<string, InstanceSecrets?> _secrets = new(StringComparer.Ordinal);

    private SecretsLookup()
    {
    }

    public static async Task<SecretsLookup> LoadAsync(HttpContext context, IInstanceStore store, IEnumerable<string> instanceIds, CancellationToken cancellationToken)
    {
        var lookup = new SecretsLookup();
        foreach (var id in instanceIds.Distinct(StringComparer.Ordinal))
        {
            try
            {
                if (await store.GetSecretsAsync(id, cancellationToken).ConfigureAwait(false) is { } secrets)
                {
                    lookup._secrets[id] = secrets;
                }
            }
            catch (Exception e) when (e is CryptographicException or JsonException)
            {
                lookup._secrets[id] = null;
                LogUnreadable(context.RequestServices.GetRequiredService<ILogger<SecretsLookup>>(), id, e);
            }
        }

        return lookup;
    }

    /// <summary>The text with the instance's secret values masked; withheld when they could not be read.</summary>
    public string? Redact(string instanceId, string? text)
    {
        if (text is null || !_secrets.TryGetValue(instanceId, out var secrets))
        {
            return text;
        }

        return secrets is null ? Withheld : secrets.Redact(text);
    }

    [LoggerMessage(5003, LogLevel.Warning, "The secrets of instance {InstanceId} could not be decrypted; its error texts are withheld from management answers")]
    private static partial void LogUnreadable(ILogger logger, string instanceId, Exception exception);
}
