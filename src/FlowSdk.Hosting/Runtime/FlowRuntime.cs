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

    /// <summary>Creates the runtime and a runner per registration.</summary>
    public FlowRuntime(IEnumerable<FlowRegistration> registrations, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        ArgumentNullException.ThrowIfNull(services);
        var factory = new RunnerFactory(services);
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
        GetRunner(flowName) as IFlowQueueWriter<TIn>
            ?? throw new InvalidOperationException($"Flow '{flowName}' does not take {typeof(TIn).FullName} as its payload.");

    internal IFlowQueue<TIn> GetQueue<TIn>(Type flowType) =>
        _byType.TryGetValue(flowType, out var runner)
            ? runner as IFlowQueue<TIn> ?? throw new InvalidOperationException($"Flow {flowType.FullName} does not take {typeof(TIn).FullName} as its payload.")
            : throw new KeyNotFoundException($"Flow {flowType.FullName} is not registered; call services.AddFlows().");

    internal void Start()
    {
        foreach (var runner in _runners)
        {
            ((IRunnerControl)runner).Start();
        }
    }

    internal Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_runners.Select(r => ((IRunnerControl)r).StopAsync(cancellationToken)));

    private sealed class RunnerFactory(IServiceProvider services) : IFlowRegistrationVisitor<IFlowRunner>
    {
        private readonly IOptionsMonitor<FlowOptions> _options = services.GetRequiredService<IOptionsMonitor<FlowOptions>>();
        private readonly TimeProvider _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        private readonly IFlowDeadLetterSink _deadLetters = services.GetRequiredService<IFlowDeadLetterSink>();
        private readonly IFlowExecutionListener[] _listeners = [.. services.GetServices<IFlowExecutionListener>()];
        private readonly ILoggerFactory _loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;

        public IFlowRunner Visit<TFlow, TIn, TOut>(FlowRegistration<TFlow, TIn, TOut> registration)
            where TFlow : class, IFlow<TIn, TOut>
        {
            var definition = registration.Definition;
            return new FlowRunner<TFlow, TIn, TOut>(
                definition,
                services.GetRequiredService<TFlow>(),
                _options.Get(definition.Name),
                _time,
                _deadLetters,
                _listeners,
                _loggers.CreateLogger("FlowSdk.Flow." + definition.Name));
        }
    }
}

/// <summary>Start and stop of a runner, for the runtime's hosted service.</summary>
internal interface IRunnerControl
{
    void Start();

    Task StopAsync(CancellationToken cancellationToken);
}
