using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace FlowSdk.Instances.Hosting;

/// <summary>
/// The <see cref="InstanceBinding"/> of every instance this node ran or addressed, created on first use from the
/// <see cref="InstanceCatalog"/> and dropped when the instance is deleted.
/// </summary>
public sealed class InstanceBindings : IDisposable
{
    private readonly ConcurrentDictionary<string, InstanceBinding> _bindings = new(StringComparer.Ordinal);
    private readonly FlowInstanceManager _manager;

    /// <summary>Creates the bindings over the catalog.</summary>
    public InstanceBindings(InstanceCatalog catalog, FlowInstanceManager manager, IInstanceStore store)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(store);
        Catalog = catalog;
        Store = store;
        _manager = manager;
        Catalog.Changed += OnChanged;
    }

    internal InstanceCatalog Catalog { get; }

    internal IInstanceStore Store { get; }

    /// <summary>
    /// The binding of <paramref name="instanceId"/> when the catalog holds that instance, of flow
    /// <paramref name="flowName"/>, and it is enabled: the one check every trigger makes before new work is accepted.
    /// </summary>
    public bool TryGetRunnable(string instanceId, string flowName, [NotNullWhen(true)] out InstanceBinding? binding)
    {
        if (Catalog.TryGet(instanceId, out var instance) && instance.Enabled && string.Equals(instance.FlowName, flowName, StringComparison.Ordinal))
        {
            binding = Volatile.Read(ref instance.HostState) is InstanceBinding kept && kept.Owner == this ? kept : Get(instance);
            return true;
        }

        binding = null;
        return false;
    }

    /// <summary>The binding of <paramref name="instance"/>, moved to its version.</summary>
    public InstanceBinding Get(FlowInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var binding = _bindings.GetOrAdd(instance.Id, static (_, state) => new InstanceBinding(state.Owner, state.Instance), (Owner: this, Instance: instance));
        if (binding.Instance.Version < instance.Version)
        {
            binding.Advance(instance);
        }

        // Kept on this version of the instance: the binding is at this version or a later one from now on. A binding
        // dropped for a deletion stays reachable only from the deleted instance's versions, which the catalog no longer holds.
        Volatile.Write(ref instance.HostState, binding);
        return binding;
    }

    /// <summary>A binding this node already holds (a deleted instance's stays until its deletion was seen).</summary>
    internal bool TryGetExisting(string instanceId, [NotNullWhen(true)] out InstanceBinding? binding) => _bindings.TryGetValue(instanceId, out binding);

    internal object? ReadConfiguration(FlowInstance instance) => _manager.ReadConfiguration(instance);

    /// <inheritdoc/>
    public void Dispose() => Catalog.Changed -= OnChanged;

    private void OnChanged(object? sender, InstanceChangeSet changes)
    {
        foreach (var change in changes.Changes)
        {
            if (change.IsDeleted)
            {
                if (_bindings.TryRemove(change.InstanceId, out var binding))
                {
                    binding.Release();
                }
            }
        }
    }
}
