using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FlowSdk.Instances.Benchmarks;

/// <summary>
/// Managed heap per idle instance: deploys N instances into a fresh SQLite file, then measures the heap (after a full
/// collection) before and after this node's <see cref="InstanceCatalog"/> loads them, and again after the typed
/// configuration and the decrypted secrets of every instance are held as a host caches them. Also times a catalog
/// refresh that applies one change while N instances are loaded (the snapshot is rebuilt as a whole).
/// </summary>
public static class MemoryMeasurement
{
    [RequiresUnreferencedCode("DataAnnotations validation")]
    public static async Task<int> RunAsync(IReadOnlyList<int> counts)
    {
        Console.WriteLine($"memory per idle instance; {Environment.ProcessorCount} cores, .NET {Environment.Version}, workstation non-concurrent GC");
        Console.WriteLine("| instances | catalog (bytes/instance) | + typed configuration (bytes/instance) | + decrypted secrets (bytes/instance) | refresh applying 1 change (ms) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var count in counts)
        {
            await using var fixture = await InstanceFixture.SqliteAsync();
            for (var i = 0; i < count; i++)
            {
                await fixture.Store.DeployAsync(InstanceFixture.Deployment(i));
            }

            var catalog = fixture.Catalog;
            var before = Heap();
            await catalog.RefreshAsync();
            var afterCatalog = Heap();
            if (catalog.Count != count)
            {
                throw new InvalidOperationException($"The catalog holds {catalog.Count} instances, not {count}.");
            }

            // What a host holds per instance once it has run it: the typed configuration object...
            var configurations = new Dictionary<string, object?>(count, StringComparer.Ordinal);
            foreach (var instance in catalog.GetByFlow(InstanceFixture.FlowName))
            {
                configurations[instance.Id] = fixture.Manager.ReadConfiguration(instance);
            }

            var afterConfigurations = Heap();

            // ...and its decrypted secrets (a host that verifies signatures keeps the signing key at hand).
            var secrets = new Dictionary<string, InstanceSecrets?>(count, StringComparer.Ordinal);
            foreach (var id in configurations.Keys)
            {
                secrets[id] = await fixture.Store.GetSecretsAsync(id);
            }

            var afterSecrets = Heap();

            var changed = InstanceFixture.Deployment(count / 2);
            await fixture.Store.SetEnabledAsync(changed.Id, false);
            var watch = Stopwatch.StartNew();
            await catalog.RefreshAsync();
            watch.Stop();

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {count:N0} | {(afterCatalog - before) / (double)count:F0} | {(afterConfigurations - afterCatalog) / (double)count:F0} | {(afterSecrets - afterConfigurations) / (double)count:F0} | {watch.Elapsed.TotalMilliseconds:F1} |"));
            GC.KeepAlive(configurations);
            GC.KeepAlive(secrets);
        }

        return 0;
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
