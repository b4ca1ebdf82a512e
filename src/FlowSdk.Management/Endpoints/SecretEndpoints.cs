using System.Globalization;
using FlowSdk.Instances;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Management;

/// <summary>Store-wide secret maintenance.</summary>
internal static class SecretEndpoints
{
    public static async Task<IResult> ReEncryptAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.RequestServices.GetService<ISecretReEncryptor>() is not { } reEncryptor)
        {
            return Problems.Create(StatusCodes.Status501NotImplemented, "Re-encryption unavailable", "The configured store cannot re-encrypt secrets.");
        }

        var result = await reEncryptor.ReEncryptSecretsAsync(cancellationToken).ConfigureAwait(false);
        AuditFilter.Describe(context, null, string.Create(
            CultureInfo.InvariantCulture,
            $"reEncrypted {result.ReEncrypted}, alreadyCurrent {result.AlreadyCurrent}, failed {result.Failed}; connections reEncrypted {result.ConnectionsReEncrypted}, alreadyCurrent {result.ConnectionsAlreadyCurrent}, failed {result.ConnectionsFailed}"));
        var response = new ReEncryptionResponse(result.ReEncrypted, result.AlreadyCurrent, result.Failed)
        {
            ConnectionsReEncrypted = result.ConnectionsReEncrypted,
            ConnectionsAlreadyCurrent = result.ConnectionsAlreadyCurrent,
            ConnectionsFailed = result.ConnectionsFailed,
        };
        return TypedResults.Json(response, ManagementJsonContext.Default.ReEncryptionResponse);
    }
}
