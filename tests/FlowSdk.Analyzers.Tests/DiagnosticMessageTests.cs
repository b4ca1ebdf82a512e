using FlowSdk.Analyzers.Tests.Infrastructure;
using Xunit;

namespace FlowSdk.Analyzers.Tests;

/// <summary>Messages name the step, the types and what to do, so the user can act without opening the docs.</summary>
public sealed class DiagnosticMessageTests
{
    [Fact]
    public Task FLOW004_names_both_steps_and_both_types() => Verify.DiagnosticsAsync(
        """
        [Flow("sync")]
        [ChannelTrigger]
        public partial class Sync
        {
            [Step] public Customer Load(string email) => new(email, "", true);
            [Step] public void Push({|#0:Contact c|}) { }
        }
        """,
        Verify.Diagnostic("FLOW004").WithLocation(0).WithArguments("Push", "Contact", "Customer", "Load"));

    [Fact]
    public Task FLOW002_says_a_record_cannot_be_a_flow() => Verify.DiagnosticsAsync(
        """
        [Flow("record")]
        [ChannelTrigger]
        public sealed partial record {|#0:RecordFlow|}
        {
            [Step] public int Length(string s) => s.Length;
        }
        """,
        Verify.Diagnostic("FLOW002").WithLocation(0).WithArguments("RecordFlow", "a record"));

    [Fact]
    public Task FLOW025_says_the_flow_is_file_local_and_what_to_remove() => Verify.DiagnosticsAsync(
        """
        [Flow("local")]
        [ChannelTrigger]
        file sealed partial class {|#0:LocalFlow|}
        {
            [Step] public int Length(string s) => s.Length;
        }
        """,
        Verify.Diagnostic("FLOW025").WithLocation(0).WithArguments("LocalFlow", "file-local")
            .WithMessage("Flow class 'LocalFlow' is file-local; the generated RunAsync and registration cannot reach a file-local type, so remove the 'file' modifier"));

    [Fact]
    public Task FLOW025_names_the_file_local_type_a_flow_is_nested_in() => Verify.DiagnosticsAsync(
        """
        file static partial class Holder
        {
            [Flow("held")]
            [ChannelTrigger]
            public sealed partial class {|#0:HeldFlow|}
            {
                [Step] public int Length(string s) => s.Length;
            }
        }
        """,
        Verify.Diagnostic("FLOW025").WithLocation(0)
            .WithMessage("Flow class 'HeldFlow' is nested in file-local type 'Holder'; the generated RunAsync and registration cannot reach a file-local type, so remove the 'file' modifier"));

    [Fact]
    public Task FLOW010_says_which_field_is_wrong() => Verify.DiagnosticsAsync(
        """
        [Flow("cron")]
        [ScheduleTrigger({|#0:"0 61 * * * *"|})]
        public partial class Cron
        {
            [Step] public void Tick(ScheduledTick tick) { }
        }
        """,
        Verify.Diagnostic("FLOW010").WithLocation(0).WithArguments("0 61 * * * *", "the minutes field needs a number from 0 to 59 at position 3"));

    [Fact]
    public Task FLOW011_says_what_the_schedule_needs() => Verify.DiagnosticsAsync(
        """
        [Flow("tick")]
        [ScheduleTrigger("@daily")]
        public partial class Tick
        {
            [Step] public void Run({|#0:string s|}) { }
        }
        """,
        Verify.Diagnostic("FLOW011").WithLocation(0).WithArguments("Flow 'tick' has a [ScheduleTrigger], so its first step 'Run' must take 'ScheduledTick', not 'string', or let the trigger enter through an [Entry] method (Entry = nameof(...)) that returns the first step's payload"));

    [Fact]
    public Task FLOW020_names_the_flow_the_value_and_the_members() => Verify.DiagnosticsAsync(
        """
        [Flow("hook")]
        [WebhookTrigger("/hooks/x", {|#0:Signature = (WebhookSignature)9|})]
        public partial class Hook
        {
            [Step] public int Take(WebhookRequest r) => 0;
        }
        """,
        Verify.Diagnostic("FLOW020").WithLocation(0).WithArguments("hook", 9));

    [Fact]
    public Task FLOW012_names_the_other_flow_on_each_participant() => Verify.DiagnosticsAsync(
        """
        [Flow({|#0:"orders"|})]
        [ChannelTrigger]
        public partial class OrdersA
        {
            [Step] public int Length(string s) => s.Length;
        }

        [Flow({|#1:"orders"|})]
        [ChannelTrigger]
        public partial class OrdersB
        {
            [Step] public int Length(string s) => s.Length;
        }
        """,
        Verify.Diagnostic("FLOW012").WithLocation(0).WithArguments("orders", "OrdersB"),
        Verify.Diagnostic("FLOW012").WithLocation(1).WithArguments("orders", "OrdersA"));

    [Fact]
    public Task FLOW013_names_the_other_flow_on_each_participant() => Verify.DiagnosticsAsync(
        """
        [Flow("a")]
        [WebhookTrigger({|#0:"/hooks/x"|})]
        public partial class A
        {
            [Step] public int Length(WebhookRequest r) => 0;
        }

        [Flow("b")]
        [WebhookTrigger({|#1:"/hooks/x"|})]
        public partial class B
        {
            [Step] public int Length(WebhookRequest r) => 0;
        }
        """,
        Verify.Diagnostic("FLOW013").WithLocation(0).WithArguments("/hooks/x", "b"),
        Verify.Diagnostic("FLOW013").WithLocation(1).WithArguments("/hooks/x", "a"));

    [Fact]
    public Task FLOW015_names_the_step_and_the_call() => Verify.DiagnosticsAsync(
        """
        [Flow("blocking")]
        [ChannelTrigger]
        public partial class Blocking(ICrm crm)
        {
            [Step] public Contact Load(string email) => {|#0:crm.LoadAsync(email).GetAwaiter().GetResult()|};
        }
        """,
        Verify.Diagnostic("FLOW015").WithLocation(0).WithArguments("Load", ".GetAwaiter().GetResult()"));
}
