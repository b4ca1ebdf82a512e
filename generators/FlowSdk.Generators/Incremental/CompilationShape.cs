using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FlowSdk.Generators.Model;
using Microsoft.CodeAnalysis;

namespace FlowSdk.Generators.Incremental;

/// <summary>
/// Everything a flow's model can depend on: the shape of every source file, the references and the options. It carries
/// the compilation to parse against but is equal to the previous one whenever its shape is, so after an edit inside a
/// body no flow is parsed again.
/// </summary>
/// <remarks>
/// This is sound because a step downstream runs again only when one of its inputs changed: a flow candidate changes only
/// with its file's shape, which changes this too, so whatever runs sees the compilation of the run.
/// </remarks>
internal sealed class CompilationShape : IEquatable<CompilationShape>
{
    private Dictionary<string, SourceShape?>? _byPath;
    private ParseEnvironment? _environment;

    public CompilationShape(Compilation compilation, ImmutableArray<SourceShape> sources, ParseOptions parseOptions)
    {
        Compilation = compilation;
        Sources = sources.ToImmutableEquatableArray();
        Settings = new CompilationSettings(compilation, parseOptions);
    }

    /// <summary>The compilation of the run this shape was taken in: not part of equality.</summary>
    public Compilation Compilation { get; }

    public ImmutableEquatableArray<SourceShape> Sources { get; }

    public CompilationSettings Settings { get; }

    /// <summary>
    /// What binds names in every file: the names all files declare and the settings. Taken when first asked for, which
    /// is only when the shape changed: after an edit inside a body nothing asks.
    /// </summary>
    public ParseEnvironment Environment =>
        _environment ?? System.Threading.Interlocked.CompareExchange(ref _environment, new ParseEnvironment(Settings, Sources), null) ?? _environment!;

    /// <summary>The shape of the file at <paramref name="path"/>; null when no file or more than one has that path.</summary>
    public SourceShape? SourceOf(string path)
    {
        var byPath = _byPath;
        if (byPath is null)
        {
            byPath = new Dictionary<string, SourceShape?>(StringComparer.Ordinal);
            foreach (var source in Sources)
            {
                byPath[source.FilePath] = byPath.ContainsKey(source.FilePath) ? null : source;
            }

            byPath = System.Threading.Interlocked.CompareExchange(ref _byPath, byPath, null) ?? byPath;
        }

        return byPath.TryGetValue(path, out var shape) ? shape : null;
    }

    public bool Equals(CompilationShape? other) => other is not null && Sources.Equals(other.Sources) && Settings.Equals(other.Settings);

    public override bool Equals(object? obj) => obj is CompilationShape other && Equals(other);

    public override int GetHashCode() => Sources.GetHashCode();
}

/// <summary>What binds every file besides its sources: the parse and compilation options, the assembly name and the references.</summary>
internal sealed class CompilationSettings(Compilation compilation, ParseOptions parseOptions) : IEquatable<CompilationSettings>
{
    private readonly ParseOptions _parseOptions = parseOptions;
    private readonly CompilationOptions _options = compilation.Options;
    private readonly string? _assemblyName = compilation.AssemblyName;
    private readonly ImmutableArray<MetadataReference> _references = compilation.ExternalReferences;

    public bool Equals(CompilationSettings? other) =>
        ReferenceEquals(this, other) ||
        other is not null &&
        _parseOptions.Equals(other._parseOptions) &&
        _assemblyName == other._assemblyName &&
        _options.Equals(other._options) &&
        _references.SequenceEqual(other._references);

    public override bool Equals(object? obj) => obj is CompilationSettings other && Equals(other);

    public override int GetHashCode() => _references.Length;
}

/// <summary>
/// The part of a <see cref="CompilationShape"/> that every file's name lookup depends on: the names each file declares
/// (<see cref="SourceShape.Names"/>, in file order; a file renamed changes no name) and the <see cref="CompilationSettings"/>.
/// </summary>
internal sealed class ParseEnvironment : IEquatable<ParseEnvironment>
{
    private readonly CompilationSettings _settings;
    private readonly string[] _names;

    public ParseEnvironment(CompilationSettings settings, ImmutableEquatableArray<SourceShape> sources)
    {
        _settings = settings;
        _names = new string[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            _names[i] = sources[i].Names;
        }
    }

    /// <summary>
    /// The simple names some file started or stopped declaring since <paramref name="previous"/> (a type's name, each
    /// part of a namespace's, and an attribute's name without its <c>Attribute</c> suffix): only a declaration that uses
    /// one of them can bind differently now. Null when more than names changed (the options, the references, the
    /// assembly name, a global using, an extern alias, an assembly attribute, or a name under <c>System</c> or
    /// <c>FlowSdk</c>, where the parser looks types up by metadata name), so any binding may have.
    /// </summary>
    public HashSet<string>? ChangedNames(ParseEnvironment? previous)
    {
        if (previous is null || !_settings.Equals(previous._settings))
        {
            return null;
        }

        // Lines counted across all files: a file renamed or two files trading a declaration change no name. A type's
        // line counts each declaration (a partial part added in a new file brings members no dependency file holds);
        // a namespace's only whether some file still declares it.
        var before = Count(previous._names);
        var after = Count(_names);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in before.Keys.Concat(after.Keys))
        {
            before.TryGetValue(line, out var was);
            after.TryGetValue(line, out var now);
            if (line.StartsWith(SourceShape.NamespacePrefix, StringComparison.Ordinal) ? (was > 0) == (now > 0) : was == now)
            {
                continue;
            }

            // The parser finds FlowSdk's and the runtime's types by metadata name (KnownTypes), in every flow: a source
            // type declared under one of those namespaces may replace one whatever the flows' files say.
            var name = line.Substring(line.LastIndexOf(' ') + 1);
            if (line.StartsWith(SourceShape.GlobalPrefix, StringComparison.Ordinal) ||
                name.StartsWith("System", StringComparison.Ordinal) ||
                name.StartsWith("FlowSdk", StringComparison.Ordinal))
            {
                return null;
            }

            // A namespace's parts may all be new; a type's own name is: its namespace and containing types have lines of
            // their own.
            var parts = line.StartsWith(SourceShape.NamespacePrefix, StringComparison.Ordinal) ? name.Split('.') : [name.Substring(Math.Max(name.LastIndexOf('.'), name.LastIndexOf('+')) + 1)];
            foreach (var part in parts)
            {
                var simple = part.IndexOf('`') is var tick and >= 0 ? part.Substring(0, tick) : part;
                changed.Add(simple);
                if (simple.Length > "Attribute".Length && simple.EndsWith("Attribute", StringComparison.Ordinal))
                {
                    changed.Add(simple.Substring(0, simple.Length - "Attribute".Length));
                }
            }
        }

        return changed;
    }

    private static Dictionary<string, int> Count(string[] files)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var names in files)
        {
            foreach (var line in names.Split('\n'))
            {
                if (line.Length > 0)
                {
                    counts[line] = (counts.TryGetValue(line, out var count) ? count : 0) + 1;
                }
            }
        }

        return counts;
    }

    public bool Equals(ParseEnvironment? other) =>
        ReferenceEquals(this, other) ||
        other is not null && _names.AsSpan().SequenceEqual(other._names) && _settings.Equals(other._settings);

    public override bool Equals(object? obj) => obj is ParseEnvironment other && Equals(other);

    public override int GetHashCode() => _names.Length;
}
