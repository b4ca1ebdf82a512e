using FlowSdk.Analyzers.Tests.Infrastructure;
using FlowSdk.CodeFixes;
using Xunit;

namespace FlowSdk.Analyzers.Tests.CodeFixes;

public sealed class KeepOneStepAttributeCodeFixTests
{
    private const string TwoAttributes = """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F
        {
            /// <summary>Checks.</summary>
            [Filter]
            [Step]
            public bool {|FLOW008:Check|}(string s) => s.Length > 0;
        }
        """;

    [Fact]
    public Task Keep_Step_removes_the_filter_and_keeps_the_doc_comment() => VerifyFix<FlowClassAnalyzer, KeepOneStepAttributeCodeFix>.FixAsync(
        TwoAttributes,
        """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F
        {
            /// <summary>Checks.</summary>
            [Step]
            public bool Check(string s) => s.Length > 0;
        }
        """,
        KeepOneStepAttributeCodeFix.KeyFor("Step"));

    [Fact]
    public Task Keep_Filter_removes_the_step() => VerifyFix<FlowClassAnalyzer, KeepOneStepAttributeCodeFix>.FixAsync(
        TwoAttributes,
        """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F
        {
            /// <summary>Checks.</summary>
            [Filter]
            public bool Check(string s) => s.Length > 0;
        }
        """,
        KeepOneStepAttributeCodeFix.KeyFor("Filter"));

    [Fact]
    public Task Attributes_sharing_a_list_keep_the_chosen_one() => VerifyFix<FlowClassAnalyzer, KeepOneStepAttributeCodeFix>.FixAsync(
        """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F
        {
            [Split, Step] public IEnumerable<char> {|FLOW008:Chars|}(string s) => s;
        }
        """,
        """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F
        {
            [Split] public IEnumerable<char> Chars(string s) => s;
        }
        """,
        KeepOneStepAttributeCodeFix.KeyFor("Split"));

    [Fact]
    public Task Fix_all_keeps_the_same_kind_on_every_method() => VerifyFix<FlowClassAnalyzer, KeepOneStepAttributeCodeFix>.FixAsync(
        """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F
        {
            [Step][Filter] public bool {|FLOW008:A|}(string s) => s.Length > 0;
            [Filter] [Step] public bool {|FLOW008:B|}(string s) => s.Length > 1;
        }
        """,
        """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F
        {
            [Filter] public bool A(string s) => s.Length > 0;
            [Filter] public bool B(string s) => s.Length > 1;
        }
        """,
        KeepOneStepAttributeCodeFix.KeyFor("Filter"),
        fixAllIterations: 1);
}
