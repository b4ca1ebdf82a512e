using FlowSdk.Generators.Incremental;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowSdk.Generators.Tests;

/// <summary>What a file's shape sees: equal shapes must mean equal flow models, so only bodies may be left out.</summary>
public sealed class SourceShapeTests
{
    private const string Source = """
        namespace Demo.Inner;
        public static class Limits { public const int Max = 5; }
        public partial class Outer<T>
        {
            [Flow("shape")]
            public sealed partial class Orders
            {
                private int _seen = 1;
                public Orders() { _seen = 2; }
                [Step] public int Parse(string s) { return s.Length + _seen; }
                [Step] public string Show(int i) => i.ToString();
                public int Count { get => _seen; set { _seen = value; } }
                public int Twice => _seen * 2;
            }
        }
        """;

    [Theory]
    [InlineData("return s.Length + _seen;", "return s.Length - _seen;")]
    [InlineData("=> i.ToString();", "=> (i + 1).ToString();")]
    [InlineData("{ _seen = 2; }", "{ _seen = 3; }")]
    [InlineData("get => _seen;", "get => _seen + 1;")]
    [InlineData("_seen * 2", "_seen * 3")]
    [InlineData("        public int Twice", "        // the count, doubled\n        public int Twice")]
    public void An_edit_inside_a_body_or_to_a_comment_leaves_the_shape_equal(string before, string after) =>
        Assert.Equal(Shape(Source), Shape(Edit(before, after)));

    [Theory]
    [InlineData("public const int Max = 5;", "public const int Max = 6;")]
    [InlineData("private int _seen = 1;", "private int _seen = 2;")]
    [InlineData("[Step] public int Parse(string s)", "[Step] public int Parse(string? s)")]
    [InlineData("[Step] public string Show", "[Filter] public string Show")]
    [InlineData("public int Twice", "public long Twice")]
    [InlineData("namespace Demo.Inner;", "namespace Demo.Other;")]
    [InlineData("{ return s.Length + _seen; }", "{\n#nullable disable\n        return s.Length + _seen; }")]
    public void An_edit_outside_a_body_or_a_directive_inside_one_changes_the_shape(string before, string after) =>
        Assert.NotEqual(Shape(Source), Shape(Edit(before, after)));

    [Theory]
    [InlineData("public const int Max = 5;", "public const int Max = 6;")]
    [InlineData("[Step] public int Parse(string s)", "[Step] public int Parse(string? s)")]
    [InlineData("public int Twice", "public long Twice")]
    [InlineData("public int Twice => _seen * 2;", "public int Twice => _seen * 2;\n        public int Thrice => _seen * 3;")]
    [InlineData("return s.Length + _seen;", "return s.Length - _seen;")]
    public void An_edit_of_members_leaves_the_declared_names_equal(string before, string after) =>
        Assert.Equal(Shape(Source).Names, Shape(Edit(before, after)).Names);

    [Theory]
    [InlineData("public static class Limits", "public static class Bounds")]
    [InlineData("public static class Limits", "internal static class Limits")]
    [InlineData("public partial class Outer<T>", "public partial class Outer<T, U>")]
    [InlineData("public static class Limits { public const int Max = 5; }", "public static class Limits { public const int Max = 5; }\npublic enum Level { Low }")]
    [InlineData("public partial class Outer<T>\n{", "public partial class Outer<T>\n{\n    public delegate void Seen(int count);")]
    [InlineData("namespace Demo.Inner;", "global using System.Text;\nnamespace Demo.Inner;")]
    [InlineData("namespace Demo.Inner;", "[assembly: System.Reflection.AssemblyMetadata(\"a\", \"b\")]\nnamespace Demo.Inner;")]
    [InlineData("namespace Demo.Inner;", "namespace Demo.Other;")]
    public void A_type_namespace_global_using_or_assembly_attribute_changes_the_declared_names(string before, string after) =>
        Assert.NotEqual(Shape(Source).Names, Shape(Edit(before, after)).Names);

    [Fact]
    public void Top_level_statements_are_one_name_however_many_there_are()
    {
        static string Names(string source) =>
            SourceShape.Of(CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: "Program.cs"), CancellationToken.None).Names;

        Assert.NotEqual(Names("class Tool { }"), Names("System.Console.WriteLine(1);\nclass Tool { }"));
        Assert.Equal(Names("System.Console.WriteLine(1);\nclass Tool { }"), Names("System.Console.WriteLine(1);\nSystem.Console.WriteLine(2);\nclass Tool { }"));
    }

    [Fact]
    public void The_identifiers_are_those_of_the_declarations_not_of_bodies()
    {
        var identifiers = Shape(Source).Identifiers;

        Assert.Equal(identifiers.OrderBy(i => i, StringComparer.Ordinal), identifiers);
        Assert.Contains("Limits", identifiers);
        Assert.Contains("Step", identifiers);
        Assert.Contains("Demo", identifiers);
        Assert.DoesNotContain("Length", identifiers); // s.Length is inside a body
        Assert.DoesNotContain("ToString", identifiers);
    }

    [Fact]
    public void Attributed_classes_are_the_candidates_by_metadata_name()
    {
        var shape = Shape(Source);

        var candidate = Assert.Single(shape.Flows);
        Assert.Equal("Demo.Inner.Outer`1+Orders", candidate.MetadataName);
        Assert.Equal("File.cs", candidate.FilePath);
    }

    [Fact]
    public void A_flow_declared_in_two_files_with_attributes_in_both_is_generated_once()
    {
        var (_, result) = GeneratorHarness.Run(
            """
            using FlowSdk;
            namespace Demo;
            [Flow("twice")]
            [ChannelTrigger]
            public sealed partial class Twice
            {
                [Step] public int Parse(string s) => s.Length;
            }
            """,
            """
            namespace Demo;
            [System.Diagnostics.DebuggerDisplay("twice")]
            public sealed partial class Twice
            {
            }
            """);

        Assert.Null(result.Exception);
        Assert.Single(result.GeneratedSources, s => s.HintName.StartsWith("Demo.Twice", StringComparison.Ordinal));
    }

    private static string Edit(string before, string after)
    {
        Assert.Contains(before, Source, StringComparison.Ordinal);
        return Source.Replace(before, after, StringComparison.Ordinal);
    }

    private static SourceShape Shape(string source) =>
        SourceShape.Of(CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, path: "File.cs"), CancellationToken.None);
}
