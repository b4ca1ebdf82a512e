using FlowSdk.Analyzers.Tests.Infrastructure;
using FlowSdk.CodeFixes;
using Xunit;

namespace FlowSdk.Analyzers.Tests.CodeFixes;

public sealed class AddPartialCodeFixTests
{
    [Fact]
    public Task Adds_partial_after_the_other_modifiers() => VerifyFix<FlowClassAnalyzer, AddPartialCodeFix>.FixAsync(
        """
        [Flow("f")]
        [ChannelTrigger]
        public sealed class {|FLOW001:F|}
        {
            [Step] public int Length(string s) => s.Length;
        }
        """,
        """
        [Flow("f")]
        [ChannelTrigger]
        public sealed partial class F
        {
            [Step] public int Length(string s) => s.Length;
        }
        """);

    [Fact]
    public Task Adds_partial_to_a_class_without_modifiers() => VerifyFix<FlowClassAnalyzer, AddPartialCodeFix>.FixAsync(
        """
        [Flow("f")]
        [ChannelTrigger]
        class {|FLOW001:F|}
        {
            [Step] public int Length(string s) => s.Length;
        }
        """,
        """
        [Flow("f")]
        [ChannelTrigger]
        partial class F
        {
            [Step] public int Length(string s) => s.Length;
        }
        """);

    [Fact]
    public Task Fix_all_makes_every_flow_partial_in_one_pass() => VerifyFix<FlowClassAnalyzer, AddPartialCodeFix>.FixAsync(
        """
        [Flow("a")]
        [ChannelTrigger]
        public class {|FLOW001:A|}
        {
            [Step] public int Length(string s) => s.Length;
        }

        [Flow("b")]
        [ChannelTrigger]
        internal sealed class {|FLOW001:B|}
        {
            [Step] public int Length(string s) => s.Length;
        }
        """,
        """
        [Flow("a")]
        [ChannelTrigger]
        public partial class A
        {
            [Step] public int Length(string s) => s.Length;
        }

        [Flow("b")]
        [ChannelTrigger]
        internal sealed partial class B
        {
            [Step] public int Length(string s) => s.Length;
        }
        """,
        fixAllIterations: 1);
}
