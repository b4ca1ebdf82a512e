using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FlowSdk.Instances.Benchmarks;

/// <summary>
/// Deploys N instances through <see cref="FlowInstanceManager"/> (id, configuration and secret validation, AES-GCM
/// encryption of two secrets, one insert with its change-sequence bump) into a fresh database, from P concurrent
/// callers, after a warm-up of 100 deployments, and reports instances per second.
/// </summary>
public static class DeployRate
{
    [RequiresUnreferencedCode("DataAnnotations validation")]
    public static async Task<int> RunAsync(StoreKind store, int count, IReadOnlyList<int> parallelism)
    {
        Console.WriteLine($"deploy rate into {store}; {count:N0} instances per run; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine("| store | concurrent callers | instances | seconds | instances/s |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var callers in parallelism)
        {
            await using var fixture = await InstanceFixture.CreateAsync(store);
            var manager = fixture.Manager;
            for (var i = 0; i < 100; i++)
            {
                await manager.DeployAsync(InstanceFixture.Deployment(i, "warmup-"));
            }

            // Built before the clock starts: the rate is the manager's and the store's, not the generator's.
            var deployments = Enumerable.Range(0, count).Select(i => InstanceFixture.Deployment(i)).ToArray();
            var next = -1;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < deployments.Length)
                {
                    await manager.DeployAsync(deployments[index]);
                }
            })));
            watch.Stop();

            await fixture.Catalog.RefreshAsync();
            if (fixture.Catalog.Count != count + 100)
            {
                throw new InvalidOperationException($"The store holds {fixture.Catalog.Count} instances, not {count + 100}.");
            }

            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {store} | {callers} | {count:N0} | {watch.Elapsed.TotalSeconds:F2} | {count / watch.Elapsed.TotalSeconds:N0} |"));
        }

        return 0;
    }
}
