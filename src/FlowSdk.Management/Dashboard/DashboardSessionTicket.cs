using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace FlowSdk.Management;

/// <summary>What the session cookie holds, encrypted and signed with ASP.NET Core data protection.</summary>
internal sealed record DashboardSessionTicket(string Name, string Role, string Csrf, long ExpiresAtMs)
{
    private const string Purpose = "FlowSdk.Management.Dashboard.Session.v1";

    public static DashboardSessionTicket Create(ManagementApiKey key, DateTimeOffset expiresAt) => new(
        key.Name,
        key.Role.ToString(),
        Base64Url(RandomNumberGenerator.GetBytes(32)),
        expiresAt.ToUnixTimeMilliseconds());

    public string Protect(IDataProtectionProvider provider) =>
        provider.CreateProtector(Purpose).Protect(JsonSerializer.Serialize(this, DashboardJsonContext.Default.DashboardSessionTicket));

    public static DashboardSessionTicket? Unprotect(IDataProtectionProvider provider, string cookie)
    {
        try
        {
            return JsonSerializer.Deserialize(provider.CreateProtector(Purpose).Unprotect(cookie), DashboardJsonContext.Default.DashboardSessionTicket);
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            // A cookie from another key ring, a tampered one, or garbage: not signed in.
            return null;
        }
    }

    /// <summary>Compares a presented CSRF token with this session's in constant time.</summary>
    public bool AcceptsCsrf(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(Csrf));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
