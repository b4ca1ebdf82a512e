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
    private readonly ImmutableArray<MetadataReference> _references;
    private Dictionary<string, string?>? _hashes;

    private ParseEnvironment? _environment;

    public CompilationShape(Compilation compilation, ImmutableArray<SourceShape> sources, ParseOptions parseOptions)
    {
        Compilation = compilation;
        Sources = sources.ToImmutableEquatableArray();
        ParseOptions = parseOptions;
        _references = compilation.ExternalReferences;
    }

    /// <summary>The compilation of the run this shape was taken in: not part of equality.</summary>
    public Compilation Compilation { get; }

    public ImmutableEquatableArray<SourceShape> Sources { get; }

    public ParseOptions ParseOptions { get; }

    /// <summary>
    /// What binds names in every file: the names all files declare, the references and the options. Taken when first
    /// asked for, which is only when the shape changed: after an edit inside a body nothing asks.
    /// </summary>
    public ParseEnvironment Environment =>
        _environment ?? System.Threading.Interlocked.CompareExchange(ref _environment, new ParseEnvironment(Compilation, Sources, ParseOptions), null) ?? _environment!;

    /// <summary>The shape hash of the file at <paramref name="path"/>; null when no file or more than one has that path.</summary>
    public string? HashOf(string path)
    {
        var hashes = _hashes;
        if (hashes is null)
        {
            hashes = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var source in Sources)
            {
                hashes[source.FilePath] = hashes.ContainsKey(source.FilePath) ? null : source.Hash;
            }

            hashes = System.Threading.Interlocked.CompareExchange(ref _hashes, hashes, null) ?? hashes;
        }

        return hashes.TryGetValue(path, out var hash) ? hash : null;
    }

    public bool Equals(CompilationShape? other) =>
        other is not null &&
        Sources.Equals(other.Sources) &&
        ParseOptions.Equals(other.ParseOptions) &&
        Compilation.AssemblyName == other.Compilation.AssemblyName &&
        Compilation.Options.Equals(other.Compilation.Options) &&
        _references.SequenceEqual(other._references);

    public override bool Equals(object? obj) => obj is CompilationShape other && Equals(other);

    public override int GetHashCode() => Sources.GetHashCode();
}

/// <summary>
/// The part of a <see cref="CompilationShape"/> that every file's name lookup depends on: the names each file declares
/// (<see cref="SourceShape.Names"/>), the parse and compilation options, the assembly name and the references.
/// </summary>
internal sealed class ParseEnvironment : IEquatable<ParseEnvironment>
{
    private readonly string[] _paths;
    private readonly string[] _names;
    private readonly ParseOptions _parseOptions;
    private readonly CompilationOptions _options;
    private readonly string? _assemblyName;
    private readonly ImmutableArray<MetadataReference> _references;

    public ParseEnvironment(Compilation compilation, ImmutableEquatableArray<SourceShape> sources, ParseOptions parseOptions)
    {
        _paths = new string[sources.Count];
        _names = new string[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            _paths[i] = sources[i].FilePath;
            _names[i] = sources[i].Names;
        }

        _parseOptions = parseOptions;
        _options = compilation.Options;
        _assemblyName = compilation.AssemblyName;
        _references = compilation.ExternalReferences;
    }

    public bool Equals(ParseEnvironment? other) =>
        ReferenceEquals(this, other) ||
        other is not null &&
        _paths.AsSpan().SequenceEqual(other._paths) &&
        _names.AsSpan().SequenceEqual(other._names) &&
        _parseOptions.Equals(other._parseOptions) &&
        _assemblyName == other._assemblyName &&
        _options.Equals(other._options) &&
        _references.SequenceEqual(other._references);

    public override bool Equals(object? obj) => obj is ParseEnvironment other && Equals(other);

    public override int GetHashCode() => _names.Length;
}
