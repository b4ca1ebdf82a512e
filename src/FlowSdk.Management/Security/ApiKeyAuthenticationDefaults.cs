namespace FlowSdk.Management;

/// <summary>Names of the API-key authentication scheme.</summary>
public static class ApiKeyAuthenticationDefaults
{
    /// <summary>The scheme name.</summary>
    public const string Scheme = "FlowSdkApiKey";

    /// <summary>The request header that carries the key.</summary>
    public const string HeaderName = "X-Api-Key";
}
