using System.Diagnostics.CodeAnalysis;
using System.Globalization;
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
/// resolver (<see cref="IFlowWebhookInstanceResolver"/>): the catalog lookup and binding, the HMAC-SHA256 signature
/// check of a typical body (timestamp window, header parsing, constant-time compare) and the instance's typed
/// configuration for the execution. The baseline is what a message costs either way at this point: the body bound to
/// its payload type and the context begun. Messages go to the instances in a shuffled order, each with its own headers.
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    public const int Instances = 10_000;

    private InstanceFixture _fixture = null!;
    private IFlowWebhookInstanceResolver _resolver = null!;
    private string[] _ids = null!;
    private HttpContext[] _requests = null!;
    private byte[] _body = null!;
    private byte[][] _keys = null!;
    private string _timestamp = null!;
    private readonly FlowContext _context = new(InstanceFixture.FlowName);
    private int _next;

    /// <summary>A database of <see cref="Instances"/> instances is kept in the temp folder for the benchmark's processes.</summary>
    public static string DatabasePath => Path.Combine(Path.GetTempPath(), $"flowsdk-routing-bench-{Instances}.db");

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

        // Each instance's request as a sender signs it; then one pass so every binding has read its secrets once, as a
        // running host has. A failed check here means the benchmark would measure a refusal.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        _requests = new HttpContext[_ids.Length];
        _keys = new byte[_ids.Length][];
        _timestamp = now.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < _ids.Length; i++)
        {
            var secret = (await _fixture.Store.GetSecretsAsync(_ids[i]))!.GetValue("webhook-secret");
            _keys[i] = System.Text.Encoding.UTF8.GetBytes(secret);
            var request = new DefaultHttpContext();
            request.Request.Headers["X-Flow-Timestamp"] = now.ToString(CultureInfo.InvariantCulture);
            request.Request.Headers["X-Flow-Signature"] = InstanceWebhookSignature.Sign(secret, now, _body);
            _requests[i] = request;
            var binding = _resolver.Resolve(InstanceFixture.FlowName, _ids[i]) ?? throw new InvalidOperationException($"{_ids[i]} not found.");
            if (!await _resolver.VerifyAsync(request, binding, _body) || binding.GetConfiguration() is not CrmSettings)
            {
                throw new InvalidOperationException($"{_ids[i]} refused its own signature.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>A message for a flow without instances, from the same point: bind the body, begin the execution.</summary>
    [Benchmark(Baseline = true)]
    public CustomerCreated? NoInstance_Baseline()
    {
        var payload = JsonSerializer.Deserialize(_body, BenchJson.Default.CustomerCreated);
        _context.Begin(Guid.NewGuid(), DateTimeOffset.UtcNow);
        return payload;
    }

    /// <summary>The same message routed to one of 10,000 instances: resolve, verify the signature, take the configuration.</summary>
    [Benchmark]
    public async ValueTask<CustomerCreated?> Instance_ResolveVerifyConfigure()
    {
        var index = Next();
        var binding = _resolver.Resolve(InstanceFixture.FlowName, _ids[index]);
        if (binding is null || !await _resolver.VerifyAsync(_requests[index], binding, _body))
        {
            return null;
        }

        var payload = JsonSerializer.Deserialize(_body, BenchJson.Default.CustomerCreated);
        _context.UseInstance(binding.InstanceId, binding.GetConfiguration());
        _context.Begin(Guid.NewGuid(), DateTimeOffset.UtcNow);
        return payload;
    }

    /// <summary>The catalog lookup and binding alone.</summary>
    [Benchmark]
    public FlowInstanceBinding? Resolve_Only() => _resolver.Resolve(InstanceFixture.FlowName, _ids[Next()]);

    /// <summary>The signature check alone (secrets already read by the binding).</summary>
    [Benchmark]
    public ValueTask<bool> Verify_Only()
    {
        var index = Next();
        return _resolver.VerifyAsync(_requests[index], _resolver.Resolve(InstanceFixture.FlowName, _ids[index])!, _body);
    }

    /// <summary>
    /// For comparison, not the host's code: the same signature check with the key's bytes kept per instance and a
    /// one-shot HMAC over a stack buffer, what the check could cost.
    /// </summary>
    [Benchmark]
    public bool Verify_CachedKeyOneShot_Peer()
    {
        var index = Next();
        var signature = _requests[index].Request.Headers["X-Flow-Signature"].ToString();
        Span<byte> given = stackalloc byte[32];
        if (!signature.StartsWith(InstanceWebhookSignature.Prefix, StringComparison.Ordinal)
            || Convert.FromHexString(signature.AsSpan(InstanceWebhookSignature.Prefix.Length), given, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != 32)
        {
            return false;
        }

        Span<byte> message = stackalloc byte[_timestamp.Length + 1 + _body.Length];
        System.Text.Encoding.ASCII.GetBytes(_timestamp, message);
        message[_timestamp.Length] = (byte)'.';
        _body.CopyTo(message[(_timestamp.Length + 1)..]);
        Span<byte> expected = stackalloc byte[32];
        System.Security.Cryptography.HMACSHA256.HashData(_keys[index], message, expected);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private int Next()
    {
        var index = _next + 1;
        _next = index == _ids.Length ? 0 : index;
        return _next;
    }
}
