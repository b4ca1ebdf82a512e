using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FlowSdk.Instances;

/// <summary>
/// The texts a secret value shows up as: itself, URL-encoded (<c>%2B</c> and <c>+</c> styles), JSON-escaped (as
/// System.Text.Json's default and relaxed encoders write it), and its UTF-8 bytes in base64 and base64url (a Basic
/// authorization header, a token in a query string). A value shorter than 4 characters is masked as is only: its
/// encoded forms are too short to tell from ordinary text.
/// </summary>
internal static class SecretForms
{
    private const int MinLength = 4;

    /// <summary>Every form of every value, longest first, so a value that contains another is masked whole.</summary>
    public static string[] Of(IEnumerable<string> values)
    {
        var forms = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            if (value.Length == 0)
            {
                continue;
            }

            forms.Add(value);
            if (value.Length < MinLength)
            {
                continue;
            }

            forms.Add(Uri.EscapeDataString(value));
            forms.Add(WebUtility.UrlEncode(value));
            forms.Add(JsonEncodedText.Encode(value).ToString());
            forms.Add(JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());
            var bytes = Encoding.UTF8.GetBytes(value);
            var whole = Convert.ToBase64String(bytes);
            forms.Add(whole);
            forms.Add(whole.TrimEnd('=').Replace('+', '-').Replace('/', '_'));
            for (var offset = 0; offset < 3; offset++)
            {
                if (Base64Core(bytes, offset) is { } core)
                {
                    forms.Add(core);
                    forms.Add(core.Replace('+', '-').Replace('/', '_'));
                }
            }
        }

        return [.. forms.OrderByDescending(f => f.Length)];
    }

    /// <summary>
    /// The base64 characters that encode only the value's bytes when it starts <paramref name="offset"/> bytes into a
    /// longer encoded text (as the password of <c>Basic base64(user:password)</c> does): the groups shared with bytes
    /// around it are cut off. Null when too little is left to be told from chance.
    /// </summary>
    private static string? Base64Core(byte[] value, int offset)
    {
        var padded = new byte[offset + value.Length];
        value.CopyTo(padded, offset);
        var encoded = Convert.ToBase64String(padded);
        var start = offset == 0 ? 0 : 4;
        var end = padded.Length % 3 == 0 ? encoded.Length : encoded.Length - 4;
        return end - start >= 8 ? encoded[start..end] : null;
    }
}
