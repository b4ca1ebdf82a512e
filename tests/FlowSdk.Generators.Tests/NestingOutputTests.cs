using Microsoft.CodeAnalysis.Testing;

namespace FlowSdk.Generators.Tests;

/// <summary>A flow nested in any kind of partial type gets a pipeline declared inside the same kind of type.</summary>
public sealed class NestingOutputTests
{
    [Theory]
    [InlineData("partial class")]
    [InlineData("partial struct")]
    [InlineData("partial record")]
    [InlineData("partial record struct")]
    [InlineData("partial interface")]
    public async Task A_flow_nested_in_a_partial_type_compiles_cleanly_inside_it(string outer)
    {
        var source = $$"""
            using FlowSdk;

            namespace Demo;

            public {{outer}} Outer
            {
                [Flow("nested")]
                [ChannelTrigger]
                public sealed partial class Nested
                {
                    [Step] public int Length(string s) => s.Length;
                }
            }
            """;

        await new GeneratorTest
        {
            TestState = { Sources = { source } },
            TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck,
        }.RunAsync();

        var generated = GeneratorHarness.Generated(GeneratorHarness.Run(source).Result, "Demo.Outer.Nested")!;
        Assert.Contains($"    {outer} Outer\n", generated, StringComparison.Ordinal);
    }
}
