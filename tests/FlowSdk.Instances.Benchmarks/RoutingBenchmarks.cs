using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace FlowSdk.Instances.Benchmarks;

/// <summary>
/// What routing a webhook message to one of 10,000 deployed instances adds per message: the catalog lookup, the
/// instance's typed configuration and the HMAC-SHA256 check of a typical body, against the same message for a flow
/// without instances (the body bound to its payload type and the context begun, which both paths pay).
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    public const int Instances = 10_000;

    private InstanceFixture _fixture = null!;
    private InstanceCatalog _catalog = null!;
    private FlowInstanceManager _manager = null!;
    private string[] _ids = null!;
    private Dictionary<string, (long Version, object? Configuration)> _configurations = null!;
    private Dictionary<string, byte[]> _signingKeys = null!;
    private byte[] _body = null!;
    private string _timestamp = null!;
    private string[] _signatures = null!;
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
        _catalog = _fixture.Catalog;
        _manager = _fixture.Manager;
        await _catalog.RefreshAsync();
        if (_catalog.Count != Instances)
        {
            // Deployed once and reused by later runs; four writers because each deployment is its own transaction.
            var next = _catalog.Count - 1;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < Instances)
                {
                    await _fixture.Store.DeployAsync(InstanceFixture.Deployment(index));
                }
            })));

            await _catalog.RefreshAsync();
        }

        if (_catalog.Count != Instances)
        {
            throw new InvalidOperationException($"{DatabasePath} holds {_catalog.Count} instances, not {Instances}; delete it.");
        }

        _ids = [.. _catalog.GetByFlow(InstanceFixture.FlowName).Select(i => i.Id).Order(StringComparer.Ordinal)];
        Random.Shared.Shuffle(_ids);

        // A host reads an instance's configuration and signing key once per instance version, not per message.
        _configurations = new(StringComparer.Ordinal);
        _signingKeys = new(StringComparer.Ordinal);
        foreach (var id in _ids)
        {
            _catalog.TryGet(id, out var instance);
            _configurations[id] = (instance!.Version, _manager.ReadConfiguration(instance));
            var secrets = await _fixture.Store.GetSecretsAsync(id);
            _signingKeys[id] = Encoding.UTF8.GetBytes(secrets!.GetValue("webhook-signing-key"));
        }

        _body = JsonSerializer.SerializeToUtf8Bytes(new CustomerCreated("ada.lovelace@example.com", "Ada Lovelace", true), BenchJson.Default.CustomerCreated);
        _timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        _signatures = [.. _ids.Select(id => Convert.ToHexStringLower(Sign(_signingKeys[id], _timestamp, _body)))];
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public CustomerCreated? NoInstance_Baseline()
    {
        var payload = JsonSerializer.Deserialize(_body, BenchJson.Default.CustomerCreated);
        _context.Begin(Guid.NewGuid(), DateTimeOffset.UtcNow);
        return payload;
    }

    [Benchmark]
    public CustomerCreated? Instance_LookupConfigurationHmac()
    {
        var index = Next();
        var id = _ids[index];
        if (!_catalog.TryGet(id, out var instance) || !instance.Enabled || instance.FlowName != InstanceFixture.FlowName)
        {
            return null;
        }

        var (version, configuration) = _configurations[id];
        if (version != instance.Version)
        {
            return null;
        }

        if (!Verify(_signingKeys[id], _timestamp, _body, _signatures[index]))
        {
            return null;
        }

        var payload = JsonSerializer.Deserialize(_body, BenchJson.Default.CustomerCreated);
        _context.UseInstance(id, configuration);
        _context.Begin(Guid.NewGuid(), DateTimeOffset.UtcNow);
        return payload;
    }

    [Benchmark]
    public CustomerCreated? Instance_ConfigurationReadPerMessage()
    {
        var index = Next();
        var id = _ids[index];
        if (!_catalog.TryGet(id, out var instance) || !instance.Enabled)
        {
            return null;
        }

        // Deserialising the stored JSON on every message instead of once per instance version.
        var configuration = _manager.ReadConfiguration(instance);
        if (!Verify(_signingKeys[id], _timestamp, _body, _signatures[index]))
        {
            return null;
        }

        var payload = JsonSerializer.Deserialize(_body, BenchJson.Default.CustomerCreated);
        _context.UseInstance(id, configuration);
        _context.Begin(Guid.NewGuid(), DateTimeOffset.UtcNow);
        return payload;
    }

    [Benchmark]
    public bool CatalogLookup_Only()
    {
        var id = _ids[Next()];
        return _catalog.TryGet(id, out var instance) && instance.Enabled;
    }

    [Benchmark]
    public bool Hmac_Only()
    {
        var index = Next();
        return Verify(_signingKeys[_ids[index]], _timestamp, _body, _signatures[index]);
    }

    private int Next()
    {
        var index = _next + 1;
        _next = index == _ids.Length ? 0 : index;
        return _next;
    }

    private static byte[] Sign(byte[] key, string timestamp, byte[] body)
    {
        var message = new byte[timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp, message);
        message[timestamp.Length] = (byte)'.';
        body.CopyTo(message, timestamp.Length + 1);
        return HMACSHA256.HashData(key, message);
    }

    /// <summary>HMAC-SHA256 over "timestamp.body", compared in constant time with the hex signature from the header.</summary>
    private static bool Verify(byte[] key, string timestamp, byte[] body, string signatureHex)
    {
        Span<byte> expected = stackalloc byte[32];
        Span<byte> received = stackalloc byte[32];
        if (Convert.FromHexString(signatureHex, received, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        Span<byte> prefix = stackalloc byte[timestamp.Length + 1];
        Encoding.ASCII.GetBytes(timestamp, prefix);
        prefix[^1] = (byte)'.';
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        hmac.GetHashAndReset(expected);
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }
}
