using System.Buffers;
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using FlowSdk.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace FlowSdk.AspNetCore;

/// <summary>
/// Builds the typed endpoint of a webhook trigger from its flow's registration, without reflection: the body binds to
/// the first step's payload, or to the payload of the entry the trigger names.
/// </summary>
internal sealed class WebhookEndpointFactory(FlowRuntime runtime, JsonSerializerOptions json, ILogger logger, IFlowWebhookInstanceResolver? instances, WebhookTriggerAttribute trigger) : IFlowRegistrationVisitor<IWebhookEndpoint>
{
    public IWebhookEndpoint Visit<TFlow, TIn, TOut>(FlowRegistration<TFlow, TIn, TOut> registration)
        where TFlow : class, IFlow<TIn, TOut>
    {
        var runner = runtime.GetRunner<TFlow, TIn, TOut>();
        if (registration.Entries.Count == 0)
        {
            return Create(runner);
        }

        var entry = registration.Entries.FirstOrDefault(e => e.Name == trigger.Entry)
            ?? throw new InvalidOperationException($"Flow '{registration.Definition.Name}' has no entry '{trigger.Entry}' for its webhook.");
        return entry.Accept(new EntryEndpoints<TFlow, TIn, TOut>(runner, this));
    }

    private WebhookEndpoint<TPayload, TOut> Create<TPayload, TOut>(IFlowEntryQueue<TPayload, TOut> queue) => new(queue, json, logger, instances);

    private sealed class EntryEndpoints<TFlow, TIn, TOut>(FlowRunner<TFlow, TIn, TOut> runner, WebhookEndpointFactory factory) : IFlowEntryVisitor<TIn, IWebhookEndpoint>
        where TFlow : class, IFlow<TIn, TOut>
    {
        public IWebhookEndpoint Visit<TPayload>(FlowEntry<TPayload, TIn> entry) =>
            factory.Create(runner.ForPayload<TPayload>()!);
    }
}

internal interface IWebhookEndpoint
{
    Task HandleAsync(HttpContext context);
}

/// <summary>One webhook route: reads and binds the body, enqueues, answers per the contract.</summary>
/// <typeparam name="TIn">The payload the body binds to: the first step's, or the entry's the trigger names.</typeparam>
/// <typeparam name="TOut">The flow's output type.</typeparam>
internal sealed class WebhookEndpoint<TIn, TOut> : IWebhookEndpoint
{
    private static readonly bool s_raw = typeof(TIn) == typeof(WebhookRequest);

    private readonly IFlowEntryQueue<TIn, TOut> _runner;
    private readonly JsonSerializerOptions _json;
    private readonly ILogger _logger;
    private readonly IFlowWebhookInstanceResolver? _instances;
    private readonly FrozenSet<string> _dropped;

    public WebhookEndpoint(IFlowEntryQueue<TIn, TOut> runner, JsonSerializerOptions json, ILogger logger, IFlowWebhookInstanceResolver? instances)
    {
        _runner = runner;
        _json = json;
        _logger = logger;
        _instances = instances;
        _dropped = AlwaysDropped
            .Concat(runner.Options.Webhook.DroppedHeaders)
            .Concat(instances?.GetSensitiveHeaders(runner.Definition.Name) ?? [])
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Credentials a raw request never keeps, whatever the options say.</summary>
    private static readonly string[] AlwaysDropped = ["Authorization", "Proxy-Authorization", "Cookie"];

    private string FlowName => _runner.Definition.Name;

    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            await HandleCoreAsync(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
#pragma warning disable CA1031 // Every failure becomes a problem answer without a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            WebhookLog.Unexpected(_logger, FlowName, e);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await Problems.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal error", "The webhook could not be handled.").ConfigureAwait(false);
            }
        }
    }

    private async Task HandleCoreAsync(HttpContext context)
    {
        var request = context.Request;
        var options = _runner.Options.Webhook;
        var limit = options.MaxBodySize;

        FlowInstanceBinding? instance = null;
        if (_instances is not null)
        {
            if (!_instances.IsReady)
            {
                context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The instances are not loaded yet; retry later.").ConfigureAwait(false);
                return;
            }

            // Unknown, disabled and foreign instances look alike: the answer must not tell which ids exist.
            instance = context.GetRouteValue(FlowWebhookEndpointRouteBuilderExtensions.InstanceIdRouteValue) is string instanceId
                ? _instances.Resolve(FlowName, instanceId)
                : null;
            if (instance is null)
            {
                await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "There is no webhook at this address.").ConfigureAwait(false);
                return;
            }
        }

        if (request.ContentLength is { } declared && declared > limit)
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is larger than {limit} bytes.").ConfigureAwait(false);
            return;
        }

        if (!s_raw && !IsJson(request.ContentType))
        {
            await Problems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "The body must be JSON (Content-Type: application/json).").ConfigureAwait(false);
            return;
        }

        // Missing signature headers and a signed time outside the window cost no body read.
        if (instance is not null && !_instances!.Precheck(context, instance))
        {
            await Unauthorized(context).ConfigureAwait(false);
            return;
        }

        if (!_runner.IsAccepting)
        {
            await Unavailable(context, options).ConfigureAwait(false);
            return;
        }

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false } && (sizeFeature.MaxRequestBodySize is null || sizeFeature.MaxRequestBodySize > limit))
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        // The body is read once into a pooled buffer: verified, keyed and bound from there, copied only for a raw request.
        byte[]? buffer;
        int length;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            deadline.CancelAfter(options.BodyTimeout);
            try
            {
                (buffer, length) = await ReadBodyAsync(request, limit, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
            {
                await Problems.WriteAsync(context, StatusCodes.Status408RequestTimeout, "Request timeout", $"The body did not arrive within {options.BodyTimeout.TotalSeconds:0} seconds.").ConfigureAwait(false);
                return;
            }
        }

        if (buffer is null)
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The body is larger than {limit} bytes.").ConfigureAwait(false);
            return;
        }

        try
        {
            await AcceptAsync(context, instance, new ReadOnlyMemory<byte>(buffer, 0, length), options).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Verifies, binds and enqueues a request whose body was read; <paramref name="body"/> is only valid during the call.</summary>
    private async Task AcceptAsync(HttpContext context, FlowInstanceBinding? instance, ReadOnlyMemory<byte> body, FlowWebhookOptions options)
    {
        var request = context.Request;
        if (instance is not null && !await _instances!.VerifyAsync(context, instance, body).ConfigureAwait(false))
        {
            await Unauthorized(context).ConfigureAwait(false);
            return;
        }

        TIn payload;
        if (s_raw)
        {
            payload = (TIn)(object)new WebhookRequest(body.ToArray(), request.ContentType, Headers(request.Headers, _dropped), Query(request.Query));
        }
        else
        {
            var (bound, error) = Bind(body.Span);
            if (error is not null)
            {
                await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid body", error).ConfigureAwait(false);
                return;
            }

            payload = bound!;
        }

        if (!options.Synchronous)
        {
            // A durable flow answers once the message is stored; not before, whatever happens to the request.
            var delivery = instance is null ? null : _instances!.GetDelivery(context, instance, body);
            var offered = await _runner.TryEnqueueAsync(instance, payload, FlowTriggerNames.Webhook, delivery, CancellationToken.None).ConfigureAwait(false);
            if (!offered.IsAccepted)
            {
                await Unavailable(context, options, offered.Status).ConfigureAwait(false);
                return;
            }

            await WriteAcceptedAsync(context.Response, offered.ExecutionId, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!_runner.TryEnqueue(instance, payload, FlowTriggerNames.Webhook, out var id, out var completion))
        {
            await Unavailable(context, options).ConfigureAwait(false);
            return;
        }

        context.Response.Headers["X-Flow-Execution-Id"] = id.ToString("D");
        FlowResult<TOut> result;
        try
        {
            result = await completion!.ConfigureAwait(false);
        }
        catch (FlowAbandonedException)
        {
            await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The host stopped before the execution finished; it was sent to the dead-letter sink.").ConfigureAwait(false);
            return;
        }

        switch (result.Outcome)
        {
            case FlowOutcome.Completed:
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/json; charset=utf-8";
                var typeInfo = (JsonTypeInfo<TOut>)_json.GetTypeInfo(typeof(TOut));
                await JsonSerializer.SerializeAsync(context.Response.Body, result.Output, typeInfo, context.RequestAborted).ConfigureAwait(false);
                break;
            case FlowOutcome.Filtered:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                context.Response.Headers["X-Flow-Outcome"] = "Filtered";
                break;
            default:
                await Problems.WriteAsync(context, StatusCodes.Status500InternalServerError, "Execution failed", $"The execution failed at step '{result.FailedStep}' and was sent to the dead-letter sink.").ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// 202 with <c>{"executionId":"..."}</c>: UTF-8 written straight into the response pipe, with its length, so the answer
    /// is one write without a string or chunked framing.
    /// </summary>
    private static Task WriteAcceptedAsync(HttpResponse response, Guid executionId, CancellationToken cancellationToken)
    {
        ReadOnlySpan<byte> start = "{\"executionId\":\""u8;
        ReadOnlySpan<byte> end = "\"}"u8;
        const int GuidLength = 36; // the "D" format
        var total = start.Length + GuidLength + end.Length;
        response.StatusCode = StatusCodes.Status202Accepted;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = total;
        var writer = response.BodyWriter;
        var span = writer.GetSpan(total);
        start.CopyTo(span);
        executionId.TryFormat(span[start.Length..], out var written, "D");
        end.CopyTo(span[(start.Length + written)..]);
        writer.Advance(total);
        var flushed = writer.FlushAsync(cancellationToken);
        return flushed.IsCompletedSuccessfully ? Task.CompletedTask : flushed.AsTask();
    }

    private (TIn? Value, string? Error) Bind(ReadOnlySpan<byte> body)
    {
        try
        {
            var typeInfo = (JsonTypeInfo<TIn>)_json.GetTypeInfo(typeof(TIn));
            var value = JsonSerializer.Deserialize(body, typeInfo);
            return value is null
                ? (default, $"The body must be a JSON value for {typeof(TIn).Name}, not null.")
                : (value, null);
        }
        catch (JsonException e)
        {
            return (default, $"The body is not valid JSON for {typeof(TIn).Name}: {SafeMessage(e)}");
        }
    }

    /// <summary>The serializer's own message names the path and position; anything else is left out.</summary>
    private static string SafeMessage(JsonException e) =>
        e.Path is null ? "malformed JSON." : $"invalid value at '{e.Path}' (line {e.LineNumber}, byte {e.BytePositionInLine}).";

    private static Task Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "FlowSignature";
        return Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "The request signature is missing, invalid or outside the accepted time window.");
    }

    private async Task Unavailable(HttpContext context, FlowWebhookOptions options, FlowEnqueueStatus? status = null)
    {
        context.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var detail = status switch
        {
            FlowEnqueueStatus.StoreUnavailable => $"Flow '{FlowName}' cannot store the message now; it was not accepted. Retry later.",
            FlowEnqueueStatus.InstanceFull => $"This instance of flow '{FlowName}' has as many messages waiting as it may; retry later.",
            _ when !_runner.IsAccepting => $"Flow '{FlowName}' is stopping; retry later.",
            _ => $"The queue of flow '{FlowName}' is full; retry later.",
        };
        await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail).ConfigureAwait(false);
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType) || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var type = media.MediaType;
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Reads the whole body into a buffer rented from <see cref="ArrayPool{T}.Shared"/> (the caller returns it), or returns
    /// a null buffer when the body exceeds <paramref name="limit"/> bytes.
    /// </summary>
    private static async Task<(byte[]? Buffer, int Length)> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var initial = (int)Math.Min(request.ContentLength ?? 4096, Math.Min(limit + 1, 1024 * 1024));
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 256));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read;
                try
                {
                    read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }

                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>The request's headers without those that carry credentials: a raw request is stored with its message.</summary>
    private static Dictionary<string, string> Headers(IHeaderDictionary headers, FrozenSet<string> dropped)
    {
        var result = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            if (!dropped.Contains(name))
            {
                result[name] = Join(values);
            }
        }

        return result;
    }

    private static Dictionary<string, string> Query(IQueryCollection query)
    {
        var result = new Dictionary<string, string>(query.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in query)
        {
            result[name] = Join(values);
        }

        return result;
    }

    private static string Join(StringValues values) => values.Count == 1 ? values[0] ?? string.Empty : string.Join(',', values.ToArray());
}

/// <summary>Writes RFC 9457 problem details; never an exception's stack trace.</summary>
internal static class Problems
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/problem+json; charset=utf-8";
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            writer.WriteString("detail", detail);
            writer.WriteString("traceId", System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier);
            writer.WriteEndObject();
        }

        await response.Body.WriteAsync(buffer.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
    }
}

internal static partial class WebhookLog
{
    [LoggerMessage(2001, LogLevel.Error, "Flow {FlowName} webhook failed unexpectedly")]
    public static partial void Unexpected(ILogger logger, string flowName, Exception exception);
}
