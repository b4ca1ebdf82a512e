using Microsoft.Extensions.Options;

namespace FlowSdk.Management;

/// <summary>
/// Checks the API keys when the host starts (registered with <c>ValidateOnStart</c>): a short key, a malformed hash, a
/// key with neither or both forms, or a name used twice stops the start with a message naming the key. Afterwards it
/// computes the keys' digests once for the handler.
/// </summary>
internal sealed class ApiKeyOptionsSetup : IValidateOptions<ApiKeyAuthenticationOptions>, IPostConfigureOptions<ApiKeyAuthenticationOptions>
{
    public void PostConfigure(string? name, ApiKeyAuthenticationOptions options) => options.Digests = ApiKeyDigests.Create(options.Keys);

    public ValidateOptionsResult Validate(string? name, ApiKeyAuthenticationOptions options)
    {
        var failures = ApiKeyDigests.Validate(options.Keys);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
