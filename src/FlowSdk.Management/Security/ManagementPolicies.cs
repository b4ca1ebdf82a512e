namespace FlowSdk.Management;

/// <summary>
/// The authorization policies and roles the management endpoints require. By default they authenticate with the
/// <see cref="ApiKeyAuthenticationDefaults.Scheme"/>; register a policy with the same name after
/// <c>AddFlowManagement</c> to protect the API another way (for example with JWT bearer tokens and your own roles).
/// </summary>
public static class ManagementPolicies
{
    /// <summary>The policy of every read endpoint and the OpenAPI description.</summary>
    public const string Read = "FlowSdk.Management.Read";

    /// <summary>The policy of every endpoint that changes something.</summary>
    public const string Admin = "FlowSdk.Management.Admin";

    /// <summary>The role claim of a reader key.</summary>
    public const string ReaderRole = "flowsdk-reader";

    /// <summary>The role claim of an admin key (an admin key carries the reader role too).</summary>
    public const string AdminRole = "flowsdk-admin";
}
