namespace FlowSdk.Components.Xml;

/// <summary>Where <see cref="XsltTransforms"/> finds stylesheets by name.</summary>
public sealed class XsltOptions
{
    /// <summary>The folder that relative stylesheet paths and bare names resolve against. Default: the application's folder.</summary>
    public string BaseDirectory { get; set; } = AppContext.BaseDirectory;

    /// <summary>
    /// Stylesheet names and their paths (<c>"invoice" → "xslt/invoice-v2.xslt"</c>), so a flow instance's configuration
    /// can name a stylesheet without knowing where it lives. A name not listed here is taken as a path, then as a
    /// file name with <c>.xslt</c> or <c>.xsl</c> added.
    /// </summary>
    public IDictionary<string, string> Stylesheets { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
