using System.Collections.Concurrent;

namespace FlowSdk.Components.Rest;

/// <summary>Which OAuth2 token: one per instance, token endpoint, client and scope.</summary>
internal readonly record struct RestTokenKey(string InstanceId, Uri TokenUrl, string ClientId, string? Scope);

/// <summary>A token as issued: its value and how long it is valid (null when the server did not say).</summary>
internal readonly record struct RestIssuedToken(string AccessToken, TimeSpan? Lifetime);

/// <summary>
/// OAuth2 client-credentials tokens cached per <see cref="RestTokenKey"/>. A token is replaced
/// <see cref="RestOptions.TokenRefreshMargin"/> (at most half its lifetime) before it expires; one request at a time
/// per key asks for it (the others wait on the key's gate and take its result); a token the API rejected is dropped,
/// once, by whoever saw the rejection first. Entries live as long as the process: one small object per instance and
/// token endpoint.
/// </summary>
internal sealed class RestTokenCache(TimeProvider time, TimeSpan refreshMargin)
{
    private readonly ConcurrentDictionary<RestTokenKey, Entry> _entries = new();

    /// <summary>A valid token for <paramref name="key"/>, issued by <paramref name="issue"/> when none is cached.</summary>
    public async ValueTask<string> GetAsync<TState>(RestTokenKey key, TState state, Func<TState, CancellationToken, Task<RestIssuedToken>> issue, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(key, static _ => new Entry());
        if (Volatile.Read(ref entry.Current) is { } cached && time.GetUtcNow() < cached.RefreshAt)
        {
            return cached.Value;
        }

        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (Volatile.Read(ref entry.Current) is { } fresh && now < fresh.RefreshAt)
            {
                return fresh.Value; // another caller refreshed it while this one waited
            }

            var issued = await issue(state, cancellationToken).ConfigureAwait(false);
            var refreshAt = issued.Lifetime is { } lifetime
                ? now + lifetime - TimeSpan.FromTicks(Math.Min(refreshMargin.Ticks, lifetime.Ticks / 2))
                : DateTimeOffset.MaxValue; // no expires_in: kept until the API rejects it
            Volatile.Write(ref entry.Current, new Token(issued.AccessToken, refreshAt));
            return issued.AccessToken;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Drops <paramref name="rejected"/> if it is still the cached token (a later token stays).</summary>
    public void Invalidate(RestTokenKey key, string rejected)
    {
        if (_entries.TryGetValue(key, out var entry) && Volatile.Read(ref entry.Current) is { } current && string.Equals(current.Value, rejected, StringComparison.Ordinal))
        {
            Interlocked.CompareExchange(ref entry.Current, null, current);
        }
    }

    private sealed record Token(string Value, DateTimeOffset RefreshAt);

    private sealed class Entry
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public Token? Current;
    }
}
