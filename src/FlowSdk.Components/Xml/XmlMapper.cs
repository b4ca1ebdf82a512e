using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Xml;
using System.Xml.Serialization;

namespace FlowSdk.Components.Xml;

/// <summary>
/// Object ↔ XML with <see cref="XmlSerializer"/>, one serializer per type and root kept for the process. Reading
/// prohibits DTDs and resolves no external entities. XmlSerializer builds code from reflection at run time, so these
/// methods are not trimming or native-AOT safe; the rest of the XML components are.
/// </summary>
public static class XmlMapper
{
    internal const string TrimMessage = "XmlSerializer reflects over the record type; keep its members when trimming.";
    internal const string AotMessage = "XmlSerializer generates code at run time.";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="value"/> as an XML document string.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="value">The value to write.</param>
    /// <param name="options">Root name, namespace and layout; <see langword="null"/> for <see cref="XmlMapOptions.Default"/>.</param>
    /// <returns>The XML text.</returns>
    [RequiresUnreferencedCode(TrimMessage)]
    [RequiresDynamicCode(AotMessage)]
    public static string Serialize<T>(T value, XmlMapOptions? options = null)
    {
        using var text = new Utf8StringWriter();
        using (var writer = XmlWriter.Create(text, WriterSettings(options ?? XmlMapOptions.Default)))
        {
            Write(writer, value, options ?? XmlMapOptions.Default);
        }

        return text.ToString();
    }

    /// <summary>Writes <paramref name="value"/> as UTF-8 XML to <paramref name="output"/> (left open).</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="value">The value to write.</param>
    /// <param name="output">The stream to write to.</param>
    /// <param name="options">Root name, namespace and layout; <see langword="null"/> for <see cref="XmlMapOptions.Default"/>.</param>
    [RequiresUnreferencedCode(TrimMessage)]
    [RequiresDynamicCode(AotMessage)]
    public static void Serialize<T>(T value, Stream output, XmlMapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        options ??= XmlMapOptions.Default;
        using var writer = XmlWriter.Create(output, WriterSettings(options));
        Write(writer, value, options);
    }

    /// <summary>Reads a <typeparamref name="T"/> from XML text.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="xml">The XML document.</param>
    /// <param name="options">Root name and namespace; <see langword="null"/> for the type's own.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The XML does not fit <typeparamref name="T"/> (the inner exception says where).</exception>
    [RequiresUnreferencedCode(TrimMessage)]
    [RequiresDynamicCode(AotMessage)]
    public static T Deserialize<T>(string xml, XmlMapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        using var text = new StringReader(xml);
        using var reader = XmlReader.Create(text, SafeReaderSettings(async: false));
        return Read<T>(reader, options);
    }

    /// <summary>Reads a <typeparamref name="T"/> from an XML stream (left open).</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="input">The XML document.</param>
    /// <param name="options">Root name and namespace; <see langword="null"/> for the type's own.</param>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">The XML does not fit <typeparamref name="T"/> (the inner exception says where).</exception>
    [RequiresUnreferencedCode(TrimMessage)]
    [RequiresDynamicCode(AotMessage)]
    public static T Deserialize<T>(Stream input, XmlMapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var reader = XmlReader.Create(input, SafeReaderSettings(async: false));
        return Read<T>(reader, options);
    }

    /// <summary>Reader settings that refuse DTDs and external resources (XXE safe), ignoring comments and whitespace.</summary>
    internal static XmlReaderSettings SafeReaderSettings(bool async) => new()
    {
        Async = async,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    [RequiresUnreferencedCode(TrimMessage)]
    [RequiresDynamicCode(AotMessage)]
    private static T Read<T>(XmlReader reader, XmlMapOptions? options) =>
        (T)XmlSerializerCache.Get(typeof(T), options?.RootName, options?.Namespace).Deserialize(reader)!;

    [RequiresUnreferencedCode(TrimMessage)]
    [RequiresDynamicCode(AotMessage)]
    private static void Write<T>(XmlWriter writer, T value, XmlMapOptions options)
    {
        // Declared namespaces: only the default one, so the output carries no xsi/xsd noise.
        var namespaces = new XmlSerializerNamespaces();
        namespaces.Add("", options.Namespace ?? "");
        XmlSerializerCache.Get(typeof(T), options.RootName, options.Namespace).Serialize(writer, value, namespaces);
    }

    private static XmlWriterSettings WriterSettings(XmlMapOptions options) => new()
    {
        Indent = options.Indent,
        OmitXmlDeclaration = options.OmitXmlDeclaration,
        Encoding = Utf8NoBom,
        CloseOutput = false,
    };

    /// <summary>A string writer that declares UTF-8, so the declaration of a string result matches how it is sent.</summary>
    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter() : base(System.Globalization.CultureInfo.InvariantCulture) { }

        public override Encoding Encoding => Utf8NoBom;
    }
}
