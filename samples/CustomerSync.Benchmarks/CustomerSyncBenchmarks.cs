using BenchmarkDotNet.Attributes;
using FlowSdk;
using FlowSdk.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CustomerSync.Benchmarks;

/// <summary>
/// How fast is my flow? The customer-sync flow built the way the app builds it (the REST component's client with the
/// standard resilience handler), with the network replaced by <see cref="StubCrm"/>, and run through its generated
/// <c>RunAsync</c> with one reused <see cref="FlowContext"/>, as a host runs it. Each invocation runs
/// <see cref="Messages"/> messages, so Mean reads as time per message and Allocated as bytes per message.
/// </summary>
[MemoryDiagnoser]
public class CustomerSyncBenchmarks
{
    public const int Messages = 256;

    private static readonly CustomerCreated s_active = new("Ada@Example.com", "Ada Lovelace", Active: true);
    private static readonly CustomerCreated s_inactive = new("bob@example.com", "Bob Inactive", Active: false);

    // One customer's instance: its settings travel in the context, as a host passes them.
    private static readonly CustomerSyncSettings s_settings = new() { CrmBaseUrl = "http://crm.invalid/" };
    private readonly FlowContext _context = new("customer-sync", "bench", s_settings);
    private ServiceProvider _services = null!;
    private CustomerSyncFlow _flow = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton<IFlowSecretSource, StubSecrets>();
        services.AddFlowRestClient().ConfigurePrimaryHttpMessageHandler(() => new StubCrm());
        services.AddSingleton<CustomerSyncFlow>();
        _services = services.BuildServiceProvider();
        _flow = _services.GetRequiredService<CustomerSyncFlow>();

        // A benchmark of a flow that does not do what it should measures nothing: check the outcome once.
        var result = await _flow.RunAsync(s_active, _context);
        if (result.Outcome != FlowOutcome.Completed)
        {
            throw new InvalidOperationException($"The flow did not complete: {result}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    /// <summary>The same five steps called by hand: what the flow costs without FlowSdk around it.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public async Task<int> StepsByHand_Baseline()
    {
        var created = 0;
        for (var i = 0; i < Messages; i++)
        {
            var e = CustomerSyncFlow.InjectMetadata(s_active, _context);
            if (!CustomerSyncFlow.IsActive(e))
            {
                continue;
            }

            var contact = CustomerSyncFlow.ToCrmContact(e);
            var response = await _flow.PostToCrm(contact, s_settings, _context, default);
            _flow.LogResponse(response, _context);
            created += (int)response.StatusCode;
        }

        return created;
    }

    /// <summary>An active customer: every step runs, the HTTP step included.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<int> RunAsync_ActiveCustomer()
    {
        var created = 0;
        for (var i = 0; i < Messages; i++)
        {
            var result = await _flow.RunAsync(s_active, _context);
            created += (int)result.Output!.StatusCode;
        }

        return created;
    }

    /// <summary>An inactive customer: the filter stops the execution before the HTTP step.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<int> RunAsync_InactiveCustomer()
    {
        var filtered = 0;
        for (var i = 0; i < Messages; i++)
        {
            var result = await _flow.RunAsync(s_inactive, _context);
            filtered += result.FilteredItems;
        }

        return filtered;
    }
}
