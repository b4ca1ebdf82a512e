using System;
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
