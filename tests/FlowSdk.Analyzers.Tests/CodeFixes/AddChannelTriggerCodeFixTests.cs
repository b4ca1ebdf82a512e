using FlowSdk.Analyzers.Tests.Infrastructure;
using FlowSdk.CodeFixes;
using Xunit;

namespace FlowSdk.Analyzers.Tests.CodeFixes;

public sealed class AddChannelTriggerCodeFixTests
{
    [Fact]
    public Task Adds_the_trigger_below_the_flow_attribute() => VerifyFix<FlowClassAnalyzer, AddChannelTriggerCodeFix>.FixAsync(
        """
        public static partial class Outer
        {
            [Flow("f")]
            public partial class {|FLOW014:F|}
            {
                [Step] public int Length(string s) => s.Length;
            }
        }
        """,
        """
        public static partial class Outer
        {
            [Flow("f")]
            [ChannelTrigger]
            public partial class F
            {
                [Step] public int Length(string s) => s.Length;
            }
        }
        """);

    [Fact]
    public Task Fix_all_adds_a_trigger_to_every_flow_without_one() => VerifyFix<FlowClassAnalyzer, AddChannelTriggerCodeFix>.FixAsync(
        """
        [Flow("a")] public partial class {|FLOW014:A|}
        {
            [Step] public int Length(string s) => s.Length;
        }

        /// <summary>B.</summary>
        [Flow("b")]
        public partial class {|FLOW014:B|}
        {
            [Step] public int Length(string s) => s.Length;
        }
        """,
        """
        [Flow("a")] [ChannelTrigger] public partial class A
        {
            [Step] public int Length(string s) => s.Length;
        }

        /// <summary>B.</summary>
        [Flow("b")]
        [ChannelTrigger]
        public partial class B
        {
            [Step] public int Length(string s) => s.Length;
        }
        """,
        fixAllIterations: 1);
}
