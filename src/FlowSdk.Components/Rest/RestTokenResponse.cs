using System.Globalization;
using System.Text.Json;

namespace FlowSdk.Components.Rest;

/// <summary>Reads an OAuth2 token response (RFC 6749 5.1) with the reader: no reflection, no metadata to register.</summary>
internal static class RestTokenResponse
{
    /// <summary>The access token and its lifetime, or null when the response has no <c>access_token</c>.</summary>
    public static RestIssuedToken? Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? token = null;
        TimeSpan? lifetime = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isToken = reader.ValueTextEquals("access_token"u8);
            var isExpiry = reader.ValueTextEquals("expires_in"u8);
            reader.Read();
            if (isToken && reader.TokenType == JsonTokenType.String)
            {
                token = reader.GetString();
            }
            else if (isExpiry && reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var seconds))
            {
                lifetime = TimeSpan.FromSeconds(seconds);
            }
            else if (isExpiry && reader.TokenType == JsonTokenType.String && double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var text))
            {
                lifetime = TimeSpan.FromSeconds(text); // some providers send it quoted
            }
            else
            {
                reader.Skip();
            }
        }

        return string.IsNullOrEmpty(token) ? null : new RestIssuedToken(token, lifetime);
    }
}
