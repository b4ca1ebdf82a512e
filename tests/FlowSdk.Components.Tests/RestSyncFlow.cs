using FlowSdk.Components.Rest;

namespace FlowSdk.Components.Tests;

/// <summary>
/// One customer's settings for <see cref="RestSyncFlow"/> (an instance's configuration): the two APIs, how they
/// authenticate (secret names only) and how the source pages. A flow turns them into <see cref="RestEndpoint"/>s.
/// </summary>
public sealed class RestSyncSettings
{
    public required string SourceUrl { get; set; }

    public string SourceApiKeyHeader { get; set; } = "X-Api-Key";

    public string SourceApiKeySecret { get; set; } = "source-api-key";

    public int PageSize { get; set; } = 100;

    public required string TargetUrl { get; set; }

    public required string TokenUrl { get; set; }

    public required string ClientId { get; set; }

    public string ClientSecretSecret { get; set; } = "target-client-secret";

    public string? Tenant { get; set; }

    public RestEndpoint Source() => new(new Uri(SourceUrl))
    {
        Auth = RestAuth.ApiKeyInHeader(SourceApiKeyHeader, SourceApiKeySecret),
        Paging = RestPaging.Offset(PageSize),
    };

    public RestEndpoint Target() => new(new Uri(TargetUrl))
    {
        Auth = RestAuth.ClientCredentials(new Uri(TokenUrl), ClientId, ClientSecretSecret),
    };
}

/// <summary>Reads every item of the customer's source API, page by page, and posts each one to its target API.</summary>
[Flow("rest-sync", Configuration = typeof(RestSyncSettings))]
[ChannelTrigger]
public sealed partial class RestSyncFlow(RestClient rest)
{
    [Split]
    public IAsyncEnumerable<RestItem> ReadSource(string resource, RestSyncSettings settings, FlowContext context, CancellationToken cancellationToken) =>
        rest.PaginateAsync(settings.Source(), context.InstanceId, RestRequest.Get(resource), RestTestJson.Default.RestItem, cancellationToken: cancellationToken);

    [Step]
    public async Task<RestAck> PushToTarget(RestItem item, RestSyncSettings settings, FlowContext context, CancellationToken cancellationToken)
    {
        var request = RestRequest.Post("sink")
            .WithHeader("Idempotency-Key", $"{context.ExecutionId:N}-{item.Id}")
            .WithJsonBody(item, RestTestJson.Default.RestItem);
        if (settings.Tenant is { } tenant)
        {
            request.WithHeader("X-Tenant", tenant);
        }

        var response = await rest.SendAsync(settings.Target(), context.InstanceId, request, RestTestJson.Default.RestAck, cancellationToken);
        return response.Value!;
    }
}
