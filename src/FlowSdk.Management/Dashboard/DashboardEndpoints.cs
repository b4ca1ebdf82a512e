using System.Text;
using System.Text.Json;
using FlowSdk.Instances;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlowSdk.Management;

/// <summary>The dashboard's files, its sign-in and the JSON it needs beyond the management API: overview counts and the live feed.</summary>
internal static partial class DashboardEndpoints
{
    // Strict: only this origin's files run; no inline script or style, no framing, nothing posted elsewhere.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IResult Asset(HttpContext context, string? file, [FromServices] DashboardAssets assets)
    {
        var asset = assets.Find(string.IsNullOrEmpty(file) ? "index.html" : file);
        if (asset is null)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Not Found", "The dashboard has no such file.");
        }

        var headers = context.Response.Headers;
        SecurityHeaders(context);
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(asset.Bytes, asset.ContentType);
    }

    public static async Task<IResult> SignInAsync(
        HttpContext context,
        [FromServices] IOptionsMonitor<ApiKeyAuthenticationOptions> keys,
        [FromServices] IDataProtectionProvider dataProtection,
        [FromServices] IOptions<DashboardOptions> options,
        [FromServices] TimeProvider time,
        [FromServices] ILogger<DashboardSessionHandler> logger,
        CancellationToken cancellationToken)
    {
        // JSON only: a cross-site form cannot send it without a preflight, so nobody signs a browser in to their own key.
        var (body, error) = await RequestReader.ReadBodyAsync(context.Request, DashboardJsonContext.Default.DashboardSignInRequest, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var schemeOptions = keys.Get(ApiKeyAuthenticationDefaults.Scheme);
        var digests = schemeOptions.Digests ??= ApiKeyDigests.Create(schemeOptions.Keys);
        var key = string.IsNullOrEmpty(body!.Key) ? null : digests.Match(body.Key);
        if (key is null)
        {
            LogSignInRefused(logger, context.Connection.RemoteIpAddress?.ToString());
            return Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", "The key is not a configured management API key.");
        }

        var expiresAt = time.GetUtcNow() + options.Value.SessionLifetime;
        var ticket = DashboardSessionTicket.Create(key, expiresAt);
        context.Response.Cookies.Append(DashboardSessionDefaults.CookieName, ticket.Protect(dataProtection), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = CookiePath(context),
            Expires = expiresAt,
            IsEssential = true,
        });
        context.Response.Headers.CacheControl = "no-store";
        LogSignedIn(logger, key.Name, key.Role);
        return TypedResults.Json(Session(ticket), DashboardJsonContext.Default.DashboardSessionResponse);
    }

    public static IResult GetSession(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        return context.Items[DashboardSessionHandler.TicketItem] is DashboardSessionTicket ticket
            ? TypedResults.Json(Session(ticket), DashboardJsonContext.Default.DashboardSessionResponse)
            : Problems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", "Sign in to the dashboard with a management API key.");
    }

    public static IResult SignOut(HttpContext context)
    {
        context.Response.Cookies.Delete(DashboardSessionDefaults.CookieName, new CookieOptions { Path = CookiePath(context) });
        return TypedResults.NoContent();
    }

    public static async Task<IResult> StatsAsync(HttpContext context, [FromServices] IExecutionHistory history, [FromServices] TimeProvider time, CancellationToken cancellationToken)
    {
        if (history is not IExecutionStatistics statistics)
        {
            return Problems.Create(StatusCodes.Status501NotImplemented, "Not Implemented", "The configured history store does not count executions.");
        }

        var hours = 24;
        if (RequestReader.Text(context.Request, "hours") is { } text && (!int.TryParse(text, out hours) || hours is < 1 or > 24 * 30))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["hours"] = ["Use a whole number of hours from 1 to 720."] });
        }

        const int BucketCount = 24;
        var bucket = TimeSpan.FromHours(hours) / BucketCount;
        var now = time.GetUtcNow();

        // Buckets end at the next whole bucket after now, so the chart does not shift with every refresh.
        var to = DateTimeOffset.FromUnixTimeMilliseconds(((now.ToUnixTimeMilliseconds() / (long)bucket.TotalMilliseconds) + 1) * (long)bucket.TotalMilliseconds);
        var from = to - (bucket * BucketCount);
        var counts = await statistics.GetStatisticsAsync(from, to, bucket, cancellationToken).ConfigureAwait(false);
        var flowNames = counts.Buckets.Select(b => b.FlowName).Concat(counts.Open.Select(o => o.FlowName)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var flows = new List<DashboardFlowStats>();
        foreach (var flow in flowNames)
        {
            var rows = counts.Buckets.Where(b => b.FlowName == flow).ToList();
            long Sum(ExecutionOutcome outcome, DateTimeOffset? start = null) =>
                rows.Where(r => r.Outcome == outcome && (start is null || r.BucketStart == start)).Sum(r => r.Count);
            var buckets = Enumerable.Range(0, BucketCount)
                .Select(i => from + (bucket * i))
                .Select(start => new DashboardBucket(start, Sum(ExecutionOutcome.Completed, start), Sum(ExecutionOutcome.Filtered, start), Sum(ExecutionOutcome.Failed, start), Sum(ExecutionOutcome.Canceled, start)))
                .ToList();
            var open = counts.Open.FirstOrDefault(o => o.FlowName == flow);
            var ended = Sum(ExecutionOutcome.Completed) + Sum(ExecutionOutcome.Filtered) + Sum(ExecutionOutcome.Failed);
            var minutes = Math.Max(1, (now - from).TotalMinutes);
            flows.Add(new DashboardFlowStats(
                flow, Sum(ExecutionOutcome.Completed), Sum(ExecutionOutcome.Filtered), Sum(ExecutionOutcome.Failed), Sum(ExecutionOutcome.Canceled),
                open?.Pending ?? 0, open?.Running ?? 0, Math.Round(ended / minutes, 2), buckets));
        }

        return TypedResults.Json(new DashboardStatsResponse(from, to, (int)bucket.TotalSeconds, flows), DashboardJsonContext.Default.DashboardStatsResponse);
    }

    /// <summary>
    /// Server-sent events: one <c>execution</c> event (an <see cref="ExecutionResponse"/>) for every execution that
    /// starts or changes from now on and matches the filters (instance, flow, outcome), until the client goes away.
    /// </summary>
    public static async Task LiveAsync(
        HttpContext context,
        [FromServices] IExecutionHistory history,
        [FromServices] IInstanceStore store,
        [FromServices] IOptions<DashboardOptions> options,
        [FromServices] TimeProvider time,
        [FromServices] ILogger<DashboardSessionHandler> logger)
    {
        var request = context.Request;
        ExecutionOutcome? outcome = null;
        if (RequestReader.Text(request, "outcome") is { } outcomeText)
        {
            if (!Enum.TryParse<ExecutionOutcome>(outcomeText, ignoreCase: true, out var parsed) || int.TryParse(outcomeText, out _))
            {
                await Problems.Validation(new Dictionary<string, string[]> { ["outcome"] = ["Use Pending, Running, Completed, Filtered, Failed or Canceled."] }).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            outcome = parsed;
        }

        var instance = RequestReader.Text(request, "instance");
        var flow = RequestReader.Text(request, "flow");
        var cancellationToken = context.RequestAborted;
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";

        // What was sent, by id, so an execution is sent again only when its outcome changed. The window starts a little
        // before the connection, as an execution accepted while the page loaded belongs to "new".
        var sent = new Dictionary<Guid, ExecutionOutcome>();
        var since = time.GetUtcNow() - TimeSpan.FromSeconds(5);
        using var timer = new PeriodicTimer(options.Value.LivePollInterval, time);
        var idle = 0;
        try
        {
            await response.WriteAsync("retry: 2000\n\n", cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            do
            {
                var records = await history.QueryAsync(
                    new ExecutionQuery { InstanceId = instance, FlowName = flow, Outcome = outcome, From = since, Limit = 200 },
                    cancellationToken).ConfigureAwait(false);
                var changed = records.Where(r => !sent.TryGetValue(r.ExecutionId, out var was) || was != r.Outcome).Reverse().ToList();
                if (changed.Count > 0)
                {
                    var secrets = await SecretsLookup.LoadAsync(context, store, changed.Select(r => r.InstanceId), cancellationToken).ConfigureAwait(false);
                    var text = new StringBuilder();
                    foreach (var record in changed)
                    {
                        sent[record.ExecutionId] = record.Outcome;
                        text.Append("event: execution\ndata: ")
                            .Append(JsonSerializer.Serialize(ExecutionResponse.From(record, secrets), DashboardJsonContext.Default.ExecutionResponse))
                            .Append("\n\n");
                    }

                    await response.WriteAsync(text.ToString(), cancellationToken).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    idle = 0;
                }
                else if (++idle * options.Value.LivePollInterval >= TimeSpan.FromSeconds(15))
                {
                    // A comment keeps proxies from closing an idle stream.
                    await response.WriteAsync(": keep-alive\n\n", cancellationToken).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                    idle = 0;
                }

                // Move the window up to the oldest execution still open, so finished ones stop being read again.
                var open = records.Where(r => r.Outcome is ExecutionOutcome.Pending or ExecutionOutcome.Running).Select(r => r.StartedAt).DefaultIfEmpty();
                var oldestOpen = records.Any(r => r.Outcome is ExecutionOutcome.Pending or ExecutionOutcome.Running) ? open.Min() : (DateTimeOffset?)null;
                var newest = records.Count > 0 ? records[0].StartedAt : since;
                since = oldestOpen ?? newest;
                foreach (var id in sent.Keys.Where(id => !records.Any(r => r.ExecutionId == id)).ToList())
                {
                    sent.Remove(id);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The browser closed the page or the host stops.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogLiveFeedFailed(logger, e);
        }
    }

    internal static void SecurityHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }

    private static DashboardSessionResponse Session(DashboardSessionTicket ticket) =>
        new(ticket.Name, ticket.Role, ticket.Csrf, DateTimeOffset.FromUnixTimeMilliseconds(ticket.ExpiresAtMs));

    // The cookie goes to the management prefix only: the dashboard and the API it calls, nothing else on the host.
    private static string CookiePath(HttpContext context)
    {
        var path = (context.Request.PathBase + context.Request.Path).Value ?? "/";
        var ui = path.LastIndexOf("/ui/", StringComparison.Ordinal);
        return ui > 0 ? path[..ui] : "/";
    }

    [LoggerMessage(5004, LogLevel.Warning, "A dashboard sign-in from {RemoteAddress} was refused: the key is not configured")]
    private static partial void LogSignInRefused(ILogger logger, string? remoteAddress);

    [LoggerMessage(5005, LogLevel.Information, "Dashboard sign-in with the key {KeyName} ({Role})")]
    private static partial void LogSignedIn(ILogger logger, string keyName, ManagementRole role);

    [LoggerMessage(5006, LogLevel.Warning, "The dashboard's live execution feed failed; the browser reconnects")]
    private static partial void LogLiveFeedFailed(ILogger logger, Exception exception);
}
