namespace FlowSdk.Management;

/// <summary>
/// The dashboard's sign-in: an API key exchanged once for a session cookie that the management policies accept next to
/// the <c>X-Api-Key</c> header. A request that changes something (any method but GET, HEAD, OPTIONS, TRACE) is
/// authenticated by the cookie only when it also carries the session's CSRF token in the <see cref="CsrfHeaderName"/> header.
/// </summary>
public static class DashboardSessionDefaults
{
    /// <summary>The authentication scheme of the session cookie.</summary>
    public const string Scheme = "FlowSdkDashboardSession";

    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "flowsdk-session";

    /// <summary>The request header carrying the session's CSRF token on every unsafe request.</summary>
    public const string CsrfHeaderName = "X-CSRF-Token";
}
