using System.Xml;
using System.Xml.Xsl;

namespace FlowSdk.Components.Xml;

/// <summary>
/// One compiled stylesheet. <see cref="XslCompiledTransform"/> is thread-safe once loaded, so one instance serves every
/// flow instance; per-call values go in an <see cref="XsltArgumentList"/> (stylesheet parameters).
/// </summary>
public sealed class XsltTransform
{
    private readonly XslCompiledTransform _compiled;

    internal XsltTransform(string name, string path, XslCompiledTransform compiled)
    {
        Name = name;
        Path = path;
        _compiled = compiled;
    }

    /// <summary>The name it was first asked for.</summary>
    public string Name { get; }

    /// <summary>The full path of the stylesheet file.</summary>
    public string Path { get; }

    /// <summary>The output settings the stylesheet's <c>xsl:output</c> declares.</summary>
    public XmlWriterSettings? OutputSettings => _compiled.OutputSettings;

    /// <summary>Transforms the XML in <paramref name="input"/> into <paramref name="output"/> (both left open).</summary>
    /// <param name="input">The source document.</param>
    /// <param name="output">Where the result goes, encoded as the stylesheet's <c>xsl:output</c> says.</param>
    /// <param name="arguments">Stylesheet parameters, or <see langword="null"/>.</param>
    public void Transform(Stream input, Stream output, XsltArgumentList? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        using var reader = XmlReader.Create(input, XmlMapper.SafeReaderSettings(async: false));
        _compiled.Transform(reader, arguments, output);
    }

    /// <summary>Transforms XML text into text.</summary>
    /// <param name="xml">The source document.</param>
    /// <param name="arguments">Stylesheet parameters, or <see langword="null"/>.</param>
    /// <returns>The result document.</returns>
    public string Transform(string xml, XsltArgumentList? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        using var text = new StringReader(xml);
        using var reader = XmlReader.Create(text, XmlMapper.SafeReaderSettings(async: false));
        using var result = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        _compiled.Transform(reader, arguments, result);
        return result.ToString();
    }

    /// <summary>Transforms from a reader into a writer, for callers that already hold both.</summary>
    /// <param name="input">The source document.</param>
    /// <param name="output">The result.</param>
    /// <param name="arguments">Stylesheet parameters, or <see langword="null"/>.</param>
    public void Transform(XmlReader input, XmlWriter output, XsltArgumentList? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        _compiled.Transform(input, arguments, output);
    }
}
