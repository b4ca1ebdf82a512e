namespace FlowSdk;

/// <summary>
/// Declares a secret every instance of the flow needs (an API key, a token), by the name its steps read it with. Hosts
/// describe it to operators and refuse to deploy or update an instance without a <see cref="Required"/> one.
/// </summary>
/// <example><code>[FlowSecret("crm-token", Description = "The CRM's API token")]</code></example>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class FlowSecretAttribute : FlowDeclarationAttribute
{
    /// <summary>Declares the secret <paramref name="name"/>.</summary>
    /// <param name="name">The secret's name, as an instance's secrets are keyed.</param>
    public FlowSecretAttribute(string name) => Name = name;

    /// <summary>The secret's name, as an instance's secrets are keyed.</summary>
    public string Name { get; }

    /// <summary>What the secret is for, shown to operators; never its value.</summary>
    public string? Description { get; set; }

    /// <summary>Whether an instance must have it: a deployment or update that leaves it out is refused. Default true.</summary>
    public bool Required { get; set; } = true;
}
