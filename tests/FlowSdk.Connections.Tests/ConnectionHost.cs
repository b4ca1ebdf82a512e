using System.Net;
using FlowSdk.Instances;
using FlowSdk.Management;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace FlowSdk.Connections.Tests;

/// <summary>The pieces every connection test shares: keys, settings, and following an authorization server's redirect.</summary>
public static class ConnectionHost
{
    public const string AdminKey = "admin-key-0123456789-0123456789-0123456789";
    public const string FlowName = "crm-sync";

    public static readonly string SecretKey = AesGcmSecretProtector.GenerateKey();

    /// <summary>A second key, for rotating to.</summary>
    public static readonly string NextSecretKey = AesGcmSecretProtector.GenerateKey();

    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    /// <summary>
    /// The services of one node: the store (by <paramref name="useStore"/>), connections, the HTTP side and the flow. The
    /// secret keys are <c>k1</c> alone unless <paramref name="keys"/> sets others.
    /// </summary>
    public static void AddNode(
        IServiceCollection services, Action<FlowInstancesBuilder> useStore, AuthorizationServer server, TimeProvider time, LogSink logs, Func<Uri> redirectUri,
        Action<SecretProtectionOptions>? keys = null)
    {
        services.AddLogging(logging => logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton(time);
        var instances = services.AddFlowInstances(keys ?? (secrets =>
        {
            secrets.Keys["k1"] = SecretKey;
            secrets.ActiveKeyId = "k1";
        }));
        useStore(instances);
        instances.AddConnections(configure: options =>
        {
            options.RedirectUri = redirectUri(); // read when the options are first built: a host knows its address only once it listens
            var crm = options.Connection(FlowName, "crm");
            crm.AuthorizeEndpoint = server.AuthorizeEndpoint;
            crm.TokenEndpoint = server.TokenEndpoint;
            crm.ClientId = AuthorizationServer.CodeClientId;
            crm.ClientSecret = AuthorizationServer.CodeClientSecret;

            // The batch client is the customer's own: its id and secret are the instance's secrets.
            var batch = options.Connection(FlowName, "batch");
            batch.TokenEndpoint = server.TokenEndpoint;
            batch.ClientIdSecretName = "batch-client-id";
            batch.ClientSecretSecretName = "batch-client-secret";
        });
        services.AddSingleton<FlowRegistration>(new FlowRegistration<CrmSyncFlow, string, string>(CrmSyncFlow.Definition));
        services.AddFlowConnectionClients();
        services.AddSingleton(new CrmApi(server.ApiUri));
        services.AddSingleton<CrmSyncFlow>();
    }

    public static InstanceDeployment Deployment(string id) => new()
    {
        Id = id,
        FlowName = FlowName,
        Customer = "Acme",
        Enabled = true,
        ConfigurationJson = "{}",
        Secrets = new Dictionary<string, string>
        {
            ["batch-client-id"] = AuthorizationServer.BatchClientId,
            ["batch-client-secret"] = AuthorizationServer.BatchClientSecret,
        },
    };

    /// <summary>Opens the authorize URL as the consenting user's browser would and answers where the server sends it back.</summary>
    public static async Task<Uri> AuthorizeAsync(Uri authorizeUrl)
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var response = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }

    public static (string Code, string State) CodeAndState(Uri callback)
    {
        var query = QueryHelpers.ParseQuery(callback.Query);
        return (query["code"].ToString(), query["state"].ToString());
    }
}
