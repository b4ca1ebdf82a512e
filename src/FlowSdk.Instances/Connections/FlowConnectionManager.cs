using System.Collections.Concurrent;
using Duende.IdentityModel.Client;
using FlowSdk.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowSdk.Instances;

/// <summary>
/// Grants, refreshes and revokes instances' OAuth 2.0 connections (<see cref="FlowConnectionAttribute"/>): starts and
/// completes consents (authorization code with PKCE), hands out access tokens refreshed
/// <see cref="FlowConnectionOptions.RefreshSkew"/> before they expire (one refresh at a time per connection across
/// nodes, through the store's refresh lease), and marks a connection whose grant was revoked or expired as needing
/// consent. Tokens are stored encrypted and never logged, returned or written into an error.
/// </summary>
public sealed partial class FlowConnectionManager
{
    private readonly IFlowConnectionStore _store;
    private readonly IInstanceStore _instances;
    private readonly ISecretProtector _protector;
    private readonly IHttpClientFactory _http;
    private readonly FlowConnectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Dictionary<string, FlowConnectionAttribute>> _declared = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Instance, string Name), SemaphoreSlim> _gates = new();

    // The lease owner: this manager, so two managers in one process (two nodes in a test) compete like two processes.
    private readonly string _node = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    /// <summary>Creates the manager.</summary>
    public FlowConnectionManager(
        IFlowConnectionStore store,
        IInstanceStore instances,
        ISecretProtector protector,
        IHttpClientFactory http,
        IOptions<FlowConnectionOptions> options,
        IEnumerable<FlowRegistration> flows,
        TimeProvider timeProvider,
        ILogger<FlowConnectionManager> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(flows);
        _store = store;
        _instances = instances;
        _protector = protector;
        _http = http;
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        foreach (var flow in flows)
        {
            foreach (var connection in flow.Definition.Declarations.OfType<FlowConnectionAttribute>())
            {
                if (!_declared.TryGetValue(flow.Definition.Name, out var byName))
                {
                    _declared[flow.Definition.Name] = byName = new Dictionary<string, FlowConnectionAttribute>(StringComparer.Ordinal);
                }

                byName[connection.Name] = connection;
            }
        }
    }

    /// <summary>The connections <paramref name="flowName"/> declares.</summary>
    public IReadOnlyCollection<FlowConnectionAttribute> Declared(string flowName) =>
        _declared.TryGetValue(flowName, out var byName) ? byName.Values : [];

    /// <summary>
    /// An instance's connections: every one its flow declares (those never granted as
    /// <see cref="FlowConnectionState.NeedsConsent"/>, or <see cref="FlowConnectionState.Connected"/> for client
    /// credentials) and any stored one the flow no longer declares.
    /// </summary>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    public async Task<IReadOnlyList<FlowConnection>> ListAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await _instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false) ?? throw new InstanceNotFoundException(instanceId);
        var stored = (await _store.ListConnectionsAsync(instanceId, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var declared in Declared(instance.FlowName))
        {
            stored.TryAdd(declared.Name, new FlowConnection
            {
                FlowName = instance.FlowName,
                InstanceId = instanceId,
                Name = declared.Name,
                Grant = declared.Grant,
                State = declared.Grant == OAuthGrant.ClientCredentials ? FlowConnectionState.Connected : FlowConnectionState.NeedsConsent,
                Scopes = Settings(instance.FlowName, declared.Name)?.Scopes ?? declared.Scopes,
            });
        }

        return [.. stored.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];
    }

    /// <summary>Deletes an instance's connection and its tokens (the grant at the server is left as it is).</summary>
    /// <returns>False when the instance has no such stored connection.</returns>
    public Task<bool> DisconnectAsync(string instanceId, string name, CancellationToken cancellationToken = default) =>
        _store.DeleteConnectionAsync(instanceId, name, cancellationToken);

    private FlowConnectionAttribute? Declaration(string flowName, string name) =>
        _declared.TryGetValue(flowName, out var byName) && byName.TryGetValue(name, out var declared) ? declared : null;

    private FlowConnectionSettings? Settings(string flowName, string name) =>
        _options.Flows.TryGetValue(flowName, out var byName) && byName.TryGetValue(name, out var settings) ? settings : null;

    /// <summary>The client of a connection for one instance: configured values, overridden by the instance's secrets.</summary>
    private async Task<ConnectionClient> ClientAsync(string flowName, string instanceId, FlowConnectionAttribute declared, CancellationToken cancellationToken)
    {
        var settings = Settings(flowName, declared.Name) ?? new FlowConnectionSettings();
        string? clientId = settings.ClientId, clientSecret = settings.ClientSecret;
        InstanceSecrets? secrets = null;
        if (settings.ClientIdSecretName is not null || settings.ClientSecretSecretName is not null)
        {
            secrets = await _instances.GetSecretsAsync(instanceId, cancellationToken).ConfigureAwait(false);
            if (settings.ClientIdSecretName is { } idName && secrets is not null && secrets.TryGetValue(idName, out var id))
            {
                clientId = id;
            }

            if (settings.ClientSecretSecretName is { } secretName && secrets is not null && secrets.TryGetValue(secretName, out var secret))
            {
                clientSecret = secret;
            }
        }

        return new ConnectionClient(
            settings.AuthorizeEndpoint,
            settings.TokenEndpoint,
            clientId,
            clientSecret,
            settings.Scopes ?? declared.Scopes,
            settings.RedirectUri ?? _options.RedirectUri,
            secrets);
    }

    private string Where(string flowName, string instanceId, string name) => $"Flow '{flowName}', instance '{instanceId}': connection '{name}'";

    private FlowConnectionException NeedsConsent(string flowName, string instanceId, string name, string reason) => new(
        flowName, instanceId, name, needsConsent: true,
        $"{Where(flowName, instanceId, name)} needs consent ({reason}). An administrator grants it with POST "
        + $"{_options.ManagementPrefix.TrimEnd('/')}/instances/{instanceId}/connections/{name}/consent and opens the authorizeUrl it answers.");

    private FlowConnectionException Failed(string flowName, string instanceId, string name, string reason, Exception? inner = null) => new(
        flowName, instanceId, name, needsConsent: false,
        $"{Where(flowName, instanceId, name)} could not get a token ({reason}). Check the authorization server and the settings "
        + $"Flows:{flowName}:Connections:{name}; the execution can be retried.",
        inner);

    // The OAuth error code: a 400 answer is a protocol error to Duende; a 401 (a refused client) is an HTTP error that
    // still carries the code in its JSON body.
    private static string? ErrorCode(TokenResponse response) =>
        response.ErrorType == ResponseErrorType.Protocol ? response.Error : response.Json is not null ? response.TryGet("error") : null;

    private static string Describe(TokenResponse response)
    {
        if (ErrorCode(response) is { Length: > 0 } code)
        {
            var description = response.ErrorType == ResponseErrorType.Protocol ? response.ErrorDescription : response.TryGet("error_description");
            var status = response.ErrorType == ResponseErrorType.Http ? $" (HTTP {(int)response.HttpStatusCode})" : string.Empty;
            return description is { Length: > 0 } ? $"{code}: {description}{status}" : code + status;
        }

        return response.ErrorType == ResponseErrorType.Exception
            ? $"the token endpoint could not be reached: {response.Exception?.GetType().Name}"
            : $"the token endpoint answered HTTP {(int)response.HttpStatusCode}";
    }

    // Masks the tokens and the client's secrets (InstanceSecrets.Redact) in a text bound for a log, the store or an error.
    private static string Redact(string instanceId, string text, ConnectionTokens? tokens, ConnectionClient client)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (client.ClientSecret is { Length: > 0 } secret)
        {
            values["client_secret"] = secret;
        }

        if (tokens is not null)
        {
            values["access_token"] = tokens.AccessToken;
            if (tokens.RefreshToken is { } refresh)
            {
                values["refresh_token"] = refresh;
            }
        }

        text = new InstanceSecrets(instanceId, values).Redact(text);
        return client.Secrets?.Redact(text) ?? text;
    }

    private sealed record ConnectionClient(
        Uri? AuthorizeEndpoint, Uri? TokenEndpoint, string? ClientId, string? ClientSecret, string? Scopes, Uri? RedirectUri, InstanceSecrets? Secrets)
    {
        public override string ToString() => $"ConnectionClient({ClientId})";
    }

    private static partial class Log
    {
        [LoggerMessage(3050, LogLevel.Information, "Instance {InstanceId}: consent for connection {Connection} started")]
        public static partial void ConsentStarted(ILogger logger, string instanceId, string connection);

        [LoggerMessage(3051, LogLevel.Information, "Instance {InstanceId}: connection {Connection} connected")]
        public static partial void Connected(ILogger logger, string instanceId, string connection);

        [LoggerMessage(3052, LogLevel.Debug, "Instance {InstanceId}: connection {Connection} refreshed its token")]
        public static partial void Refreshed(ILogger logger, string instanceId, string connection);

        [LoggerMessage(3053, LogLevel.Warning, "Instance {InstanceId}: connection {Connection} needs consent: {Reason}")]
        public static partial void NeedsConsent(ILogger logger, string instanceId, string connection, string reason);

        [LoggerMessage(3054, LogLevel.Warning, "Instance {InstanceId}: connection {Connection} could not refresh its token: {Reason}")]
        public static partial void RefreshFailed(ILogger logger, string instanceId, string connection, string reason);

        [LoggerMessage(3055, LogLevel.Warning, "A consent callback was refused: {Reason}")]
        public static partial void ConsentRefused(ILogger logger, string reason);
    }
}
