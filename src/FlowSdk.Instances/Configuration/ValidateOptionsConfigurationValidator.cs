using Microsoft.Extensions.Options;

namespace FlowSdk.Instances;

/// <summary>
/// Runs the <see cref="IValidateOptions{TOptions}"/> registered for <typeparamref name="TConfig"/> (hand written or made by
/// the <c>[OptionsValidator]</c> source generator, which is trim-safe) with the flow name as the options name. Their
/// failures are plain sentences without a member path, so they are reported under the configuration as a whole.
/// </summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
public sealed class ValidateOptionsConfigurationValidator<TConfig>(IEnumerable<IValidateOptions<TConfig>> validators)
    : IInstanceConfigurationValidator<TConfig>
    where TConfig : class
{
    /// <inheritdoc/>
    public void Validate(string flowName, TConfig configuration, InstanceValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var validator in validators)
        {
            var result = validator.Validate(flowName, configuration);
            if (result.Failed)
            {
                foreach (var failure in result.Failures ?? [result.FailureMessage])
                {
                    errors.Add(string.Empty, failure);
                }
            }
        }
    }
}
