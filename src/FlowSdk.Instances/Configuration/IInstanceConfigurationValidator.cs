namespace FlowSdk.Instances;

/// <summary>
/// Validates an instance configuration of type <typeparamref name="TConfig"/> at deploy and update. Register
/// implementations as singletons; every registered validator runs and all their failures are reported together.
/// </summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
public interface IInstanceConfigurationValidator<in TConfig>
    where TConfig : class
{
    /// <summary>Adds a failure to <paramref name="errors"/> for every problem found.</summary>
    /// <param name="flowName">The flow being deployed (a configuration type may serve several flows).</param>
    /// <param name="configuration">The bound configuration.</param>
    /// <param name="errors">Failures keyed by the CLR member path, dot separated (<c>Target.Url</c>, <c>Endpoints[1].Url</c>).</param>
    void Validate(string flowName, TConfig configuration, InstanceValidationErrors errors);
}
