using FlowSdk.Analyzers.Tests.Infrastructure;
using FlowSdk.CodeFixes;
using Xunit;

namespace FlowSdk.Analyzers.Tests.CodeFixes;

public sealed class RemoveFileModifierCodeFixTests
{
    [Fact]
    public Task Removes_file_from_the_flow_class() => VerifyFix<FlowClassAnalyzer, RemoveFileModifierCodeFix>.FixAsync(
        """
        [Flow("f")]
        [ChannelTrigger]
        file sealed partial class {|FLOW025:F|}
        {
            [Step] public int Length(string s) => s.Length;
        }
        """,
        """
        [Flow("f")]
        [ChannelTrigger]
        sealed partial class F
        {
            [Step] public int Length(string s) => s.Length;
        }
        """);

    [Fact]
    public Task Removes_file_where_it_follows_another_modifier() => VerifyFix<FlowClassAnalyzer, RemoveFileModifierCodeFix>.FixAsync(
        """
        [Flow("f")]
        [ChannelTrigger]
        sealed file partial class {|FLOW025:F|}
        {
            [Step] public int Length(string s) => s.Length;
        }
        """,
        """
        [Flow("f")]
        [ChannelTrigger]
        sealed partial class F
        {
            [Step] public int Length(string s) => s.Length;
        }
        """);

    [Fact]
    public Task Removes_file_from_every_declaration_of_the_type_a_flow_is_nested_in() => VerifyFix<FlowClassAnalyzer, RemoveFileModifierCodeFix>.FixAsync(
        """
        file static partial class Holder
        {
            [Flow("a")]
            [ChannelTrigger]
            public sealed partial class {|FLOW025:A|}
            {
                [Step] public int Length(string s) => s.Length;
            }
        }

        // Another part of the holder, with a second flow.
        file static partial class Holder
        {
            [Flow("b")]
            [ChannelTrigger]
            public sealed partial class {|FLOW025:B|}
            {
                [Step] public int Length(string s) => s.Length;
            }
        }
        """,
        """
        static partial class Holder
        {
            [Flow("a")]
            [ChannelTrigger]
            public sealed partial class A
            {
                [Step] public int Length(string s) => s.Length;
            }
        }

        // Another part of the holder, with a second flow.
        static partial class Holder
        {
            [Flow("b")]
            [ChannelTrigger]
            public sealed partial class B
            {
                [Step] public int Length(string s) => s.Length;
            }
        }
        """);
}
