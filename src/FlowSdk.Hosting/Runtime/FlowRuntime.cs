using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FlowSdk.Hosting;

/// <summary>
/// Every flow registered in the container, each with its <see cref="IFlowRunner"/>. Built once from the
/// <see cref="FlowRegistration"/> singletons without reflection; trigger hosts and publishers find their runner here.
/// </summary>
public sealed class FlowRuntime
{
    private readonly Dictionary<Type, IFlowRunner> _byType = [];
    private readonly Dictionary<string, IFlowRunner> _byName = new(StringComparer.Ordinal);
    private readonly List<IFlowRunner> _runners = [];
    private readonly StoreNode? _node;

    /// <summary>Creates the runtime and a runner per registration.</summary>
    public FlowRuntime(IEnumerable<FlowRegistration> registrations, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        ArgumentNullException.ThrowIfNull(services);
        var factory = new RunnerFactory(services);
        _node = factory.Node;
        foreach (var registration in registrations)
        {
            if (_byType.ContainsKey(registration.Definition.FlowType))
            {
                continue;
            }

            if (_byName.ContainsKey(registration.Definition.Name))
            {
                throw new InvalidOperationException($"Two flows are named '{registration.Definition.Name}'; a flow's name must be unique in a host.");
            }

            var runner = registration.Accept(factory);
            _byType.Add(registration.Definition.FlowType, runner);
            _byName.Add(registration.Definition.Name, runner);
            _runners.Add(runner);
        }
    }

    /// <summary>The runners, in registration order.</summary>
    public IReadOnlyList<IFlowRunner> Runners => _runners;

    /// <summary>The runner of the flow named <paramref name="flowName"/>.</summary>
    /// <exception cref="KeyNotFoundException">No flow of that name is registered.</exception>
    public IFlowRunner GetRunner(string flowName) =>
        _byName.TryGetValue(flowName, out var runner) ? runner : throw new KeyNotFoundException($"No flow named '{flowName}' is registered.");

    /// <summary>The typed runner of flow <typeparamref name="TFlow"/>.</summary>
    /// <exception cref="KeyNotFoundException">The flow is not registered.</exception>
    public FlowRunner<TFlow, TIn, TOut> GetRunner<TFlow, TIn, TOut>()
        where TFlow : class, IFlow<TIn, TOut> =>
        _byType.TryGetValue(typeof(TFlow), out var runner) && runner is FlowRunner<TFlow, TIn, TOut> typed
            ? typed
            : throw new KeyNotFoundException($"Flow {typeof(TFlow).FullName} is not registered; call services.AddFlows().");

    /// <summary>The enqueue side of the flow named <paramref name="flowName"/>, typed by its payload.</summary>
    /// <exception cref="KeyNotFoundException">No flow of that name is registered.</exception>
    /// <exception cref="InvalidOperationException">The flow's first step does not take <typeparamref name="TIn"/>.</exception>
    public IFlowQueueWriter<TIn> GetQueueWriter<TIn>(string flowName) =>
        GetRunner(flowName) is var runner && (runner as IFlowQueueWriter<TIn> ?? QueueFor<TIn>(runner) as IFlowQueueWriter<TIn>) is { } writer
            ? writer
            : throw new InvalidOperationException($"Flow '{flowName}' does not take {typeof(TIn).FullName} as its payload.");

    internal IFlowQueue<TIn> GetQueue<TIn>(Type flowType) =>
        _byType.TryGetValue(flowType, out var runner)
            ? QueueFor<TIn>(runner) ?? throw new InvalidOperationException($"Flow {flowType.FullName} does not take {typeof(TIn).FullName} as its payload.")
            : throw new KeyNotFoundException($"Flow {flowType.FullName} is not registered; call services.AddFlows().");

    /// <summary>The runner's queue for <typeparamref name="TPayload"/>: the first step's payload or an entry's; null when it takes none.</summary>
    internal static IFlowQueue<TPayload>? QueueFor<TPayload>(IFlowRunner runner) =>
        runner as IFlowQueue<TPayload> ?? (runner as IPayloadQueues)?.QueueFor<TPayload>();

    /// <summary>Whether a message store keeps accepted messages (<see cref="IFlowMessageStore"/> is registered).</summary>
    public bool HasMessageStore => _node is not null;

    internal void Start()
    {
        _node?.Start();
        foreach (var runner in _runners)
        {
            ((IRunnerControl)runner).Start();
        }
    }

    internal async Task StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_runners.Select(r => ((IRunnerControl)r).StopAsync(cancellationToken))).ConfigureAwait(false);

        // Outcomes are written before the store can be disposed with the container.
        if (_node is not null)
        {
            await _node.StopAsync().ConfigureAwait(false);
        }
    }

    private sealed class RunnerFactory(IServiceProvider services) : IFlowRegistrationVisitor<IFlowRunner>
    {
        private readonly IOptionsMonitor<FlowOptions> _options = services.GetRequiredService<IOptionsMonitor<FlowOptions>>();
        private readonly TimeProvider _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        private readonly IFlowDeadLetterSink _deadLetters = services.GetRequiredService<IFlowDeadLetterSink>();
        private readonly IFlowExecutionListener[] _listeners = [.. services.GetServices<IFlowExecutionListener>()];
        private readonly ILoggerFactory _loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        private readonly IFlowInstanceResolver? _instances = services.GetService<IFlowInstanceResolver>();
        private JsonSerializerOptions? _json;

        /// <summary>This process as a node of the message store, when one is registered.</summary>
        public StoreNode? Node { get; } = services.GetService<IFlowMessageStore>() is { } store
            ? new StoreNode(
                store,
                services.GetRequiredService<IOptions<FlowDurabilityOptions>>().Value,
                services.GetService<TimeProvider>() ?? TimeProvider.System,
                (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("FlowSdk.Durability"))
            : null;

        public IFlowRunner Visit<TFlow, TIn, TOut>(FlowRegistration<TFlow, TIn, TOut> registration)
            where TFlow : class, IFlow<TIn, TOut>
        {
            var definition = registration.Definition;
            var options = _options.Get(definition.Name);
            var logger = _loggers.CreateLogger("FlowSdk.Flow." + definition.Name);
            Func<IOutcomeReporter<TIn>, MessageQueue<TIn>>? durable = null;
            if (Node is { } node)
            {
                var json = registration.Entries.Count > 0
                    ? FlowEntryJson.Create(registration.Entries, PayloadJson(node))
                    : (JsonTypeInfo<TIn>)PayloadJson(node).GetTypeInfo(typeof(TIn));
                durable = outcomes => new StoreMessageQueue<TIn>(definition.Name, options, node, json, _instances, outcomes, logger);
            }

            return new FlowRunner<TFlow, TIn, TOut>(definition, services.GetRequiredService<TFlow>(), options, _time, _deadLetters, _listeners, logger, durable, Node?.Store, registration.Entries)
            {
                JournalJson = options.Journal == FlowJournalMode.StepsAndPayloads ? JournalJson(options) : null,
            };
        }

        /// <summary>The flow's journal options; else the store's payload options; else web defaults where reflection is enabled; else none.</summary>
        private JsonSerializerOptions? JournalJson(FlowOptions options) =>
            options.JournalSerializerOptions
                ?? Node?.Options.PayloadSerializerOptions
                ?? (JsonSerializer.IsReflectionEnabledByDefault ? ReflectionWebOptions() : null);

        /// <summary>The configured payload options; else, where reflection-based serialisation is enabled, web defaults.</summary>
        private JsonSerializerOptions PayloadJson(StoreNode node) =>
            _json ??= node.Options.PayloadSerializerOptions
                ?? (JsonSerializer.IsReflectionEnabledByDefault
                    ? ReflectionWebOptions()
                    : throw new InvalidOperationException("Reflection-based JSON is disabled (trimmed or native AOT): set FlowDurabilityOptions.PayloadSerializerOptions to options whose resolver knows the flows' payload types."));

        [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only called when reflection-based JSON is enabled, which trimmed and native AOT apps turn off by default.")]
        [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only called when reflection-based JSON is enabled, which native AOT apps turn off by default.")]
        private static JsonSerializerOptions ReflectionWebOptions() => JsonSerializerOptions.Web;
    }
}

/// <summary>Start and stop of a runner, for the runtime's hosted service.</summary>
internal interface IRunnerControl
{
    void Start();

    Task StopAsync(CancellationToken cancellationToken);
}
