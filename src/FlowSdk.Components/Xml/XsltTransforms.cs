using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Xml;
using System.Xml.Xsl;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FlowSdk.Components.Xml;

/// <summary>
/// The stylesheet cache: compiles each stylesheet file once (compiling takes milliseconds and emits code; running
/// it takes microseconds), however many threads ask at once. Stylesheets may not run scripts or read other documents.
/// </summary>
public sealed class XsltTransforms : IXsltTransforms
{
    internal const string AotMessage = "XslCompiledTransform compiles stylesheets to IL at run time.";

    private readonly XsltOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, XsltTransform> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<XsltTransform>> _byPath = new(StringComparer.Ordinal);

    /// <summary>Creates an empty cache.</summary>
    /// <param name="options">Where stylesheets are found.</param>
    /// <param name="logger">Logs each compilation; <see langword="null"/> for none.</param>
    [RequiresDynamicCode(AotMessage)]
    public XsltTransforms(XsltOptions options, ILogger<XsltTransforms>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public XsltTransform Get(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        return _byName.TryGetValue(nameOrPath, out var known) ? known : _byName.GetOrAdd(nameOrPath, Compile(nameOrPath));
    }

    private XsltTransform Compile(string nameOrPath)
    {
        var path = Resolve(nameOrPath);
        // Lazy per path: a name and a path to the same file, or two threads at once, still compile it once.
        var lazy = _byPath.GetOrAdd(path, p => new Lazy<XsltTransform>(() => Load(nameOrPath, p), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // Lazy keeps a factory's exception forever; forget it so a corrected file compiles on the next call.
            _byPath.TryRemove(KeyValuePair.Create(path, lazy));
            throw;
        }
    }

    private string Resolve(string nameOrPath)
    {
        if (_options.Stylesheets.TryGetValue(nameOrPath, out var mapped))
        {
            nameOrPath = mapped;
        }

        var path = Path.GetFullPath(nameOrPath, _options.BaseDirectory);
        if (File.Exists(path))
        {
            return path;
        }

        foreach (var extension in (ReadOnlySpan<string>)[".xslt", ".xsl"])
        {
            if (File.Exists(path + extension))
            {
                return path + extension;
            }
        }

        throw new FileNotFoundException($"No XSLT stylesheet '{nameOrPath}' (looked in {_options.BaseDirectory}).", path);
    }

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The constructor carries RequiresDynamicCode: no instance exists where code cannot be emitted.")]
    private XsltTransform Load(string name, string path)
    {
        var started = TimeProvider.System.GetTimestamp();
        var compiled = new XslCompiledTransform();
        using (var reader = XmlReader.Create(path, XmlMapper.SafeReaderSettings(async: false)))
        {
            // No document() and no embedded scripts; no resolver, so xsl:include/import of outside files is refused too.
            compiled.Load(reader, XsltSettings.Default, stylesheetResolver: null);
        }

        XmlLog.StylesheetCompiled(_logger, name, path, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        return new XsltTransform(name, path, compiled);
    }
}
