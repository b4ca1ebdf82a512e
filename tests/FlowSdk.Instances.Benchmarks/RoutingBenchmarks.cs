using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FlowSdk.AspNetCore;
using FlowSdk.Hosting;
using FlowSdk.Instances.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Instances.Benchmarks;

/// <summary>
/// What routing a webhook message to one of 10,000 deployed instances adds per message, through the host's own
/// resolver (<see cref="IFlowWebhookInstanceResolver"/>): the catalog lookup and binding, the Standard Webhooks signature
/// check of a typical body (headers and timestamp window before the body, then HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c> with the instance's kept key and a constant-time compare) and the instance's typed configuration
/// for the execution. The baseline is what a message costs either way at this point: the body bound to
/// its payload type and the context begun. Messages go to the instances in a shuffled order, each with its own headers.
/// <c>Instance_ResolveVerify</c> is the figure issue 14 sets a goal for (2 µs): routing and verification together.
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    public const int Instances = 10_000;

    private InstanceFixture _fixture = null!;
    private IFlowWebhookInstanceResolver _resolver = null!;
    private string[] _ids = null!;
    private FlowInstanceBinding[] _bindings = null!;
    private HMACSHA256[] _keyedHmacs = null!;
    private HttpContext[] _requests = null!;
    private byte[] _body = null!;
    private byte[][] _keys = null!;
    private string[] _messageIds = null!;
    private string[] _signatures = null!;
    private readonly DefaultHttpContext _parsed = new();
    private string _timestamp = null!;
    private readonly FlowContext _context = new(InstanceFixture.FlowName);
    private int _next;

    /// <summary>
    /// A database of <see cref="Instances"/> instances is kept in the temp folder for the benchmark's processes (named for
    /// its Standard Webhooks secrets: a file from before them holds secrets of another format).
    /// </summary>
    public static string DatabasePath => Path.Combine(Path.GetTempPath(), $"flowsdk-routing-bench-whsec-{Instances}.db");

    [GlobalSetup]
    [RequiresUnreferencedCode("DataAnnotations validation")]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [RequiresUnreferencedCode("DataAnnotations validation")]
    private async Task SetupAsync()
    {
        _fixture = await InstanceFixture.SqliteAsync(DatabasePath);
        var catalog = _fixture.Catalog;
        await catalog.RefreshAsync();
        if (catalog.Count != Instances)
        {
            // Deployed once and reused by later runs; four writers because each deployment is its own transaction.
            var next = catalog.Count - 1;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < Instances)
                {
                    await _fixture.Store.DeployAsync(InstanceFixture.Deployment(index));
                }
            })));
            await catalog.RefreshAsync();
        }

        if (catalog.Count != Instances)
        {
            throw new InvalidOperationException($"{DatabasePath} holds {catalog.Count} instances, not {Instances}; delete it.");
        }

        _resolver = ActivatorUtilities.CreateInstance<FlowSdk.Instances.AspNetCore.InstanceWebhookResolver>(_fixture.Services);
        _body = JsonSerializer.SerializeToUtf8Bytes(new CustomerCreated("ada.lovelace@example.com", "Ada Lovelace", true), BenchJson.Default.CustomerCreated);
        _ids = [.. catalog.GetByFlow(InstanceFixture.FlowName).Select(i => i.Id).Order(StringComparer.Ordinal)];
        new Random(42).Shuffle(_ids);

        // Each instance's request as a Standard Webhooks sender signs it (its own webhook-id; the fixture's tolerance of
        // a day keeps the timestamp valid); then one pass so every binding has read its secrets once, as a running host
        // has. A failed check here means the benchmark would measure a refusal.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        _requests = new HttpContext[_ids.Length];
        _keys = new byte[_ids.Length][];
        _bindings = new FlowInstanceBinding[_ids.Length];
        _keyedHmacs = new HMACSHA256[_ids.Length];
        _messageIds = new string[_ids.Length];
        _signatures = new string[_ids.Length];
        _timestamp = now.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < _ids.Length; i++)
        {
            var secret = (await _fixture.Store.GetSecretsAsync(_ids[i]))!.GetValue("webhook-secret");
            _keys[i] = Convert.FromBase64String(secret["whsec_".Length..]);
            _keyedHmacs[i] = new HMACSHA256(_keys[i]);
            _messageIds[i] = "msg_" + i.ToString("D6", CultureInfo.InvariantCulture);
            var request = new DefaultHttpContext();
            request.Request.Headers["webhook-id"] = _messageIds[i];
            request.Request.Headers["webhook-timestamp"] = _timestamp;
            _signatures[i] = "v1," + Convert.ToBase64String(HMACSHA256.HashData(_keys[i], Signed(_messageIds[i], _timestamp, _body)));
            request.Request.Headers["webhook-signature"] = _signatures[i];
            _requests[i] = request;
            var binding = _resolver.Resolve(InstanceFixture.FlowName, _ids[i]) ?? throw new InvalidOperationException($"{_ids[i]} not found.");
            _bindings[i] = binding;
            if (!_resolver.Precheck(request, binding) || !await _resolver.VerifyAsync(request, binding, _body) || binding.GetConfiguration() is not CrmSettings)
            {
                throw new InvalidOperationException($"{_ids[i]} refused its own signature.");
            }
        }

        // One pass with the headers written into the parsed request, as that benchmark does: it must accept every message.
        for (var i = 0; i < _ids.Length; i++)
        {
            if (!await Instance_ResolveVerify_ParsedRequest())
            {
                throw new InvalidOperationException("A request written into the parsed request object was refused.");
            }
        }
    }

    /// <summary>What a Standard Webhooks signature covers: <c>{id}.{timestamp}.{body}</c>.</summary>
    private static byte[] Signed(string id, string timestamp, byte[] body) => [.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body];

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var hmac in _keyedHmacs)
        {
            hmac.Dispose();
        }

        _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>A message for a flow without instances, from the same point: bind the body, begin the execution.</summary>
    [Benchmark(Baseline = true)]
    public CustomerCreated? NoInstance_Baseline()
    {
        var payload = JsonSerializer.Deserialize(_body, BenchJson.Default.CustomerCreated);
        _context.Begin(Guid.NewGuid(), DateTimeOffset.UtcNow);
        return payload;
    }

    /// <summary>
    /// The same message routed to one of 10,000 instances: resolve, check the signature headers and time, verify the
    /// signature, take the configuration.
    /// </summary>
    [Benchmark]
    public async ValueTask<CustomerCreated?> Instance_ResolveVerifyConfigure()
    {
        var index = Next();
        var binding = _resolver.Resolve(InstanceFixture.FlowName, _ids[index]);
        if (binding is null || !_resolver.Precheck(_requests[index], binding) || !await _resolver.VerifyAsync(_requests[index], binding, _body))
        {
            return null;
        }

        var payload = JsonSerializer.Deserialize(_body, BenchJson.Default.CustomerCreated);
        _context.UseInstance(binding.InstanceId, binding.GetConfiguration());
        _context.Begin(Guid.NewGuid(), DateTimeOffset.UtcNow);
        return payload;
    }

    /// <summary>
    /// Routing and verification, what an instance adds to a message before its configuration is taken: resolve, check
    /// the signature headers and time, verify the signature.
    /// </summary>
    [Benchmark]
    public ValueTask<bool> Instance_ResolveVerify()
    {
        var index = Next();
        var binding = _resolver.Resolve(InstanceFixture.FlowName, _ids[index]);
        return binding is not null && _resolver.Precheck(_requests[index], binding) ? _resolver.VerifyAsync(_requests[index], binding, _body) : ValueTask.FromResult(false);
    }

    /// <summary>The catalog lookup and binding alone.</summary>
    [Benchmark]
    public FlowInstanceBinding? Resolve_Only() => _resolver.Resolve(InstanceFixture.FlowName, _ids[Next()]);

    /// <summary>The signature check alone, headers and time then signature, for a binding already resolved (its keys decoded by the setup's pass).</summary>
    [Benchmark]
    public ValueTask<bool> Verify_Only()
    {
        var index = Next();
        var binding = _bindings[index];
        return _resolver.Precheck(_requests[index], binding) ? _resolver.VerifyAsync(_requests[index], binding, _body) : ValueTask.FromResult(false);
    }

    /// <summary>
    /// The same check on 16 of the instances in turn: requests and bindings stay in the cache, as the request a server
    /// just parsed is. Its difference from <see cref="Verify_Only"/> is what 10,000 cold request objects cost.
    /// </summary>
    [Benchmark]
    public ValueTask<bool> Verify_HotRequests()
    {
        var index = Next() & 15;
        var binding = _bindings[index];
        return _resolver.Precheck(_requests[index], binding) ? _resolver.VerifyAsync(_requests[index], binding, _body) : ValueTask.FromResult(false);
    }

    /// <summary>
    /// <see cref="Instance_ResolveVerify"/> as a server runs it: the request is the one just parsed, hot in the cache,
    /// here one request object that this message's three signature headers are written into first (which this figure
    /// includes), while the instance's binding and key are one of 10,000 in a shuffled order, as cold as in the other
    /// cases. <see cref="Instance_ResolveVerify"/> reads each message's own request object among 10,000, none of them in
    /// the cache, which a server never does.
    /// </summary>
    [Benchmark]
    public ValueTask<bool> Instance_ResolveVerify_ParsedRequest()
    {
        var index = Next();
        var headers = _parsed.Request.Headers;
        headers["webhook-id"] = _messageIds[index];
        headers["webhook-timestamp"] = _timestamp;
        headers["webhook-signature"] = _signatures[index];
        var binding = _resolver.Resolve(InstanceFixture.FlowName, _ids[index]);
        return binding is not null && _resolver.Precheck(_parsed, binding) ? _resolver.VerifyAsync(_parsed, binding, _body) : ValueTask.FromResult(false);
    }

    /// <summary>
    /// For comparison, not the host's code: the same signature check written inline with the key's bytes at hand and
    /// the one-shot HMAC over a stack buffer (no header adapter, no binding), the floor of a one-shot check.
    /// </summary>
    [Benchmark]
    public bool Verify_CachedKeyOneShot_Peer()
    {
        var index = Next();
        var signature = _requests[index].Request.Headers["webhook-signature"].ToString();
        Span<byte> given = stackalloc byte[33];
        if (!signature.StartsWith("v1,", StringComparison.Ordinal)
            || !Convert.TryFromBase64Chars(signature.AsSpan(3), given, out var written)
            || written != 32)
        {
            return false;
        }

        var id = _messageIds[index];
        Span<byte> message = stackalloc byte[id.Length + 1 + _timestamp.Length + 1 + _body.Length];
        var length = Encoding.ASCII.GetBytes(id, message);
        message[length++] = (byte)'.';
        length += Encoding.ASCII.GetBytes(_timestamp, message[length..]);
        message[length++] = (byte)'.';
        _body.CopyTo(message[length..]);
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(_keys[index], message, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given[..32]);
    }

    /// <summary>
    /// For comparison, not the host's code: the HMAC alone with a keyed HMAC object kept per instance and reused (its
    /// key's inner and outer hash states computed once, as <see cref="Webhooks.WebhookKey"/> keeps it), no headers read
    /// and no signature compared: the floor of the host's check.
    /// </summary>
    [Benchmark]
    public bool Hmac_KeyedObjectReused_Peer()
    {
        var index = Next();
        var id = _messageIds[index];
        Span<byte> message = stackalloc byte[id.Length + 1 + _timestamp.Length + 1 + _body.Length];
        var length = Encoding.ASCII.GetBytes(id, message);
        message[length++] = (byte)'.';
        length += Encoding.ASCII.GetBytes(_timestamp, message[length..]);
        message[length++] = (byte)'.';
        _body.CopyTo(message[length..]);
        Span<byte> expected = stackalloc byte[32];
        return _keyedHmacs[index].TryComputeHash(message, expected, out _);
    }

    private int Next()
    {
        var index = _next + 1;
        _next = index == _ids.Length ? 0 : index;
        return _next;
    }
}
