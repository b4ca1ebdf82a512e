using System.Runtime.Loader;

namespace FlowSdk.Generators.Tests;

/// <summary>
/// <c>FlowDeclarationAttribute</c>s on a flow reach hosts through <c>Definition.Declarations</c> with the values the
/// user wrote: strings, numbers, enums, types, arrays and nulls, in source order.
/// </summary>
public sealed class DeclarationOutputTests
{
    private const string Source = """
        using System;
        using FlowSdk;

        namespace Demo;

        public enum Grant { None, Code = 7 }

        [AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
        public sealed class NeedsAttribute(string name, Grant grant, int[] ports) : FlowDeclarationAttribute
        {
            public string Name { get; } = name;
            public Grant Grant { get; } = grant;
            public int[] Ports { get; } = ports;
            public double Ratio { get; set; }
            public long Big { get; set; }
            public char Mark { get; set; }
            public Type? Kind { get; set; }
            public string? Note { get; set; } = "default";
            public bool Optional { get; set; }
        }

        [Flow("declared")]
        [ChannelTrigger]
        [Needs("crm \"main\"", Grant.Code, new[] { 1, -2 }, Ratio = 0.1, Big = -9000000000, Mark = '\'', Kind = typeof(Uri), Note = null, Optional = true)]
        [Needs("erp", (Grant)3, new int[0])]
        public sealed partial class Declared
        {
            [Step] public int Start(int i) => i;
        }

        [Flow("plain")]
        [ChannelTrigger]
        public sealed partial class Plain
        {
            [Step] public int Start(int i) => i;
        }
        """;

    [Fact]
    public void Every_declaration_is_handed_to_hosts_with_its_values()
    {
        var (output, _) = GeneratorHarness.Run(Source);
        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.DoesNotContain("declarations:", GeneratorHarness.Generated(GeneratorHarness.Run(Source).Result, "Demo.Plain")!, StringComparison.Ordinal);
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        image.Position = 0;

        var context = new AssemblyLoadContext(nameof(DeclarationOutputTests), isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(image);
            var declared = Definition(assembly, "Demo.Declared");
            Assert.Equal(2, declared.Declarations.Count);
            dynamic first = declared.Declarations[0];
            Assert.Equal("crm \"main\"", (string)first.Name);
            Assert.Equal(7, (int)first.Grant);
            Assert.Equal(new[] { 1, -2 }, (int[])first.Ports);
            Assert.Equal(0.1, (double)first.Ratio);
            Assert.Equal(-9000000000L, (long)first.Big);
            Assert.Equal('\'', (char)first.Mark);
            Assert.Equal(typeof(Uri), (Type)first.Kind);
            Assert.Null((string?)first.Note);
            Assert.True((bool)first.Optional);

            dynamic second = declared.Declarations[1];
            Assert.Equal("erp", (string)second.Name);
            Assert.Equal(3, (int)second.Grant);
            Assert.Empty((int[])second.Ports);
            Assert.Equal("default", (string?)second.Note);

            Assert.Empty(Definition(assembly, "Demo.Plain").Declarations);
        }
        finally
        {
            context.Unload();
        }
    }

    private static FlowDefinition Definition(System.Reflection.Assembly assembly, string flowType) =>
        (FlowDefinition)assembly.GetType(flowType, throwOnError: true)!.GetProperty("Definition")!.GetValue(null)!;
}
