using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace FlowSdk.Generators.Tests;

/// <summary>The source-generator test harness on .NET 10 reference assemblies plus FlowSdk.</summary>
internal sealed class GeneratorTest : CSharpSourceGeneratorTest<FlowGenerator, DefaultVerifier>
{
    public GeneratorTest()
    {
        // .NET 10 references come from Basic.Reference.Assemblies, so nothing is resolved from a package.
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(GeneratorHarness.References);
    }

    protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
}
