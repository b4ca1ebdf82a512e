using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace FlowSdk.Analyzers.Tests.Infrastructure;

/// <summary>The references and preamble every test compilation shares: .NET 10 in memory plus the FlowSdk runtime.</summary>
internal static class TestCompilation
{
    /// <summary>Usings every test source starts with, so cases show only the flow.</summary>
    public const string Preamble = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using FlowSdk;

        public record Animal(string Name);
        public sealed record Dog(string Name) : Animal(Name);
        public sealed record Customer(string Email, string Name, bool Active);
        public sealed record Contact(string Email);
        public sealed record Order(decimal Total);
        public interface ICrm { ValueTask<string> UpsertAsync(Contact c, CancellationToken ct); Task<Contact> LoadAsync(string email); }

        """;

    public static ImmutableArray<MetadataReference> References { get; } = Basic.Reference.Assemblies.Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(FlowAttribute).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location))
        .ToImmutableArray();

    /// <summary>No reference package to download: the in-memory references above are added to each test instead.</summary>
    public static ReferenceAssemblies NoPackage { get; } = new("net10.0");

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static CSharpCompilation Create(params string[] sources) => CSharpCompilation.Create(
        "Flows",
        sources.Select(s => CSharpSyntaxTree.ParseText(Preamble + s, ParseOptions, path: "Flows.cs")),
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
}
