using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using FlowSdk.Hosting;
using FlowSdk.Instances.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlowSdk.Instances.Benchmarks;

/// <summary>
/// Managed heap per idle instance in a running host (the flows of this assembly, the instance host, the embedded
/// SQLite store). N instances are written to the store while the host's catalog does not poll, then the heap is taken
/// after a full compacting collection before and after the catalog loads them:
/// <list type="number">
/// <item>N instances of a webhook flow: what an instance costs that has never received a message (its catalog entry);</item>
/// <item>N instances of a schedule flow: the same plus its schedule on the host's one scheduler and its binding;</item>
/// <item>then every webhook instance is bound as a first message binds it: the binding, its typed configuration and
/// its decrypted secrets, which the host keeps per instance version.</item>
/// </list>
/// Also times one catalog refresh that applies a single change, read from the SQLite store, while 2N instances are loaded.
/// </summary>
public static class MemoryMeasurement
{
    [RequiresUnreferencedCode("DataAnnotations validation")]
    public static async Task<int> RunAsync(IReadOnlyList<int> counts)
    {
        Console.WriteLine($"memory per idle instance; {Environment.ProcessorCount} cores, .NET {Environment.Version}, workstation non-concurrent GC");
        Console.WriteLine("| instances per flow | webhook instance, idle (bytes) | schedule instance, idle (bytes) | + bound by a first message (bytes) | refresh applying 1 change (ms) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var count in counts)
        {
            var path = Path.Combine(Path.GetTempPath(), "flowsdk-memory-" + Guid.NewGuid().ToString("N") + ".db");
            try
            {
                await MeasureAsync(count, path);
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var file in new[] { path, path + "-wal", path + "-shm" })
                {
                    File.Delete(file);
                }
            }
        }

        return 0;
    }

    [RequiresUnreferencedCode("DataAnnotations validation")]
    private static async Task MeasureAsync(int count, string path)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        foreach (var service in InstanceFixture.Register(b => b
            .UseSqlite(o => o.Path = path)
            .ConfigureCatalog(o => o.PollInterval = TimeSpan.FromDays(1))))
        {
            builder.Services.Add(service);
        }

        using var host = builder.Build();
        await host.StartAsync();
        var services = host.Services;
        var store = services.GetRequiredService<IInstanceStore>();
        var catalog = services.GetRequiredService<InstanceCatalog>();
        var schedules = services.GetRequiredService<FlowScheduleRegistry>();
        var bindings = services.GetRequiredService<InstanceBindings>();

        await DeployAsync(store, count, InstanceFixture.FlowName);
        var before = Heap();
        await catalog.RefreshAsync();
        var webhooks = Heap();

        await DeployAsync(store, count, InstanceFixture.CheckFlowName);
        var beforeSchedules = Heap();
        await catalog.RefreshAsync();

        // The scheduler loop plans the new schedules on its own thread once woken; give it a moment before measuring.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var scheduled = Heap();
        if (catalog.Count != 2 * count || schedules.Count != count)
        {
            throw new InvalidOperationException($"The catalog holds {catalog.Count} instances and the scheduler {schedules.Count} schedules.");
        }

        foreach (var instance in catalog.GetByFlow(InstanceFixture.FlowName))
        {
            var binding = bindings.Get(instance);
            if (binding.GetConfiguration() is not CrmSettings || await binding.GetSecretsAsync() is null)
            {
                throw new InvalidOperationException($"Instance {instance.Id} has no configuration or secrets.");
            }
        }

        var bound = Heap();

        await store.SetEnabledAsync(InstanceFixture.Deployment(count / 2).Id, false);
        var watch = Stopwatch.StartNew();
        await catalog.RefreshAsync();
        watch.Stop();

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {count:N0} | {(webhooks - before) / (double)count:F0} | {(scheduled - beforeSchedules) / (double)count:F0} | {(bound - scheduled) / (double)count:F0} | {watch.Elapsed.TotalMilliseconds:F1} |"));
        await host.StopAsync();
    }

    private static async Task DeployAsync(IInstanceStore store, int count, string flow)
    {
        // Straight to the store, four writers: the deploy rate is measured elsewhere.
        var next = -1;
        var prefix = flow == InstanceFixture.FlowName ? "customer-" : "check-";
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                await store.DeployAsync(InstanceFixture.Deployment(index, prefix, flow));
            }
        })));
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
