namespace FlowSdk.Generators.Model;

/// <summary>
/// What <c>AddFlows()</c> needs of one flow. Projected from its <see cref="FlowSpec"/> so that an edit to a flow's
/// steps, which leaves this equal, does not emit the registration again.
/// </summary>
internal sealed record RegistrationSpec(
    string FullyQualifiedName,
    TypeRef PayloadType,
    TypeRef OutputType,
    bool HasEntries,
    TypeRef? ConfigurationType,
    bool ConfigurationHasDataAnnotations)
{
    public static RegistrationSpec Of(FlowSpec flow) => new(
        flow.FullyQualifiedName,
        flow.PayloadType,
        flow.OutputType,
        flow.HasEntries,
        flow.ConfigurationType,
        flow.ConfigurationHasDataAnnotations);
}
