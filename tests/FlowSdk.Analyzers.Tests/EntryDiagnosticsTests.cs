using FlowSdk.Analyzers.Tests.Infrastructure;
using FlowSdk.CodeFixes;
using Xunit;

namespace FlowSdk.Analyzers.Tests;

/// <summary>Entries: each miswiring of a trigger's way into a flow is reported where it is, with what to do.</summary>
public sealed class EntryDiagnosticsTests
{
    [Fact]
    public Task A_webhook_and_a_schedule_entering_through_an_entry_compile_cleanly() => Verify.DiagnosticsAsync(
        """
        [Flow("sync")]
        [WebhookTrigger("/hooks/sync")]
        [ScheduleTrigger("0 * * * *", Entry = nameof(Recheck))]
        [ChannelTrigger(Entry = nameof(Lines))]
        public partial class Sync
        {
            [Entry] public System.Collections.Generic.IEnumerable<Customer> Recheck(ScheduledTick tick, CancellationToken ct) => [];
            [Entry] public ValueTask<Customer> Lines(string line, FlowContext context) => new(new Customer(line, "", true));
            [Step] public Contact Map(Customer c) => new(c.Email);
        }
        """);

    [Fact]
    public Task FLOW021_names_the_trigger_and_says_the_method_is_missing() => Verify.DiagnosticsAsync(
        """
        [Flow("sync")]
        [ScheduleTrigger("0 * * * *", {|#0:Entry = "Recheck"|})]
        public partial class Sync
        {
            [Step] public Contact Map(Customer c) => new(c.Email);
        }
        """,
        Verify.Diagnostic("FLOW021").WithLocation(0).WithArguments("ScheduleTrigger", "sync", "Recheck", "which is not a method of the flow; add an [Entry] method of that name"));

    [Fact]
    public Task FLOW021_is_fixed_by_marking_the_named_method() => VerifyFix<FlowClassAnalyzer, MarkEntryCodeFix>.FixAsync(
        """
        [Flow("sync")]
        [ScheduleTrigger("0 * * * *", {|FLOW021:Entry = nameof(Recheck)|})]
        public partial class Sync
        {
            /// <summary>Finds the customers to check again.</summary>
            public Customer Recheck(ScheduledTick tick) => new("", "", true);

            [Step] public Contact Map(Customer c) => new(c.Email);
        }
        """,
        """
        [Flow("sync")]
        [ScheduleTrigger("0 * * * *", Entry = nameof(Recheck))]
        public partial class Sync
        {
            /// <summary>Finds the customers to check again.</summary>
            [Entry]
            public Customer Recheck(ScheduledTick tick) => new("", "", true);

            [Step] public Contact Map(Customer c) => new(c.Email);
        }
        """);

    [Fact]
    public Task FLOW011_checks_the_entrys_payload_against_the_trigger() => Verify.DiagnosticsAsync(
        """
        [Flow("sync")]
        [ScheduleTrigger("0 * * * *", Entry = nameof(Recheck))]
        public partial class Sync
        {
            [Entry] public Customer Recheck({|#0:string text|}) => new(text, "", true);
            [Step] public Contact Map(Customer c) => new(c.Email);
        }
        """,
        Verify.Diagnostic("FLOW011").WithLocation(0).WithArguments("Flow 'sync' has a [ScheduleTrigger], so its entry 'Recheck' must take 'ScheduledTick', not 'string'"));

    [Fact]
    public Task FLOW022_says_what_the_first_step_takes() => Verify.DiagnosticsAsync(
        """
        [Flow("sync")]
        [ScheduleTrigger("0 * * * *", Entry = nameof(Recheck))]
        public partial class Sync
        {
            [Entry] public {|#0:Task<string>|} Recheck(ScheduledTick tick) => Task.FromResult("");
            [Step] public Contact Map(Customer c) => new(c.Email);
        }
        """,
        Verify.Diagnostic("FLOW022").WithLocation(0).WithArguments("Recheck", "Task<string>", "Map", "Customer"));

    [Fact]
    public Task FLOW023_refuses_an_entry_for_the_first_steps_own_payload_and_two_entries_for_one_payload() => Verify.DiagnosticsAsync(
        """
        [Flow("sync")]
        [WebhookTrigger("/hooks/sync", Entry = nameof(Same))]
        [ScheduleTrigger("0 * * * *", Entry = nameof(First))]
        [ScheduleTrigger("30 * * * *", Entry = nameof(Second))]
        public partial class Sync
        {
            [Entry] public Customer Same({|#0:Customer c|}) => c;
            [Entry] public Customer First(ScheduledTick tick) => new("", "", true);
            [Entry] public Customer Second({|#1:ScheduledTick tick|}) => new("", "", true);
            [Step] public Contact Map(Customer c) => new(c.Email);
        }
        """,
        Verify.Diagnostic("FLOW023").WithLocation(0).WithArguments("Same", "Customer", "the payload of the first step 'Map': let its trigger feed that step directly, without an Entry"),
        Verify.Diagnostic("FLOW023").WithLocation(1).WithArguments("Second", "ScheduledTick", "as entry 'First' does"));

    [Fact]
    public Task FLOW024_warns_about_an_entry_no_trigger_uses() => Verify.DiagnosticsAsync(
        """
        [Flow("sync")]
        [ChannelTrigger]
        public partial class Sync
        {
            [Entry] public Customer {|#0:Orphan|}(ScheduledTick tick) => new("", "", true);
            [Step] public Contact Map(Customer c) => new(c.Email);
        }
        """,
        Verify.Diagnostic("FLOW024").WithLocation(0).WithArguments("Orphan", "sync"));

    [Fact]
    public Task FLOW008_covers_a_method_that_is_both_an_entry_and_a_step() => Verify.DiagnosticsAsync(
        """
        [Flow("sync")]
        [ChannelTrigger]
        public partial class Sync
        {
            [Entry, Step] public Contact {|#0:Map|}(Customer c) => new(c.Email);
        }
        """,
        Verify.Diagnostic("FLOW008").WithLocation(0).WithArguments("Map", "[Step] and [Entry]"));

    [Fact]
    public Task FLOW005_refuses_an_entry_named_like_a_member_of_FlowInput_and_a_retried_entry() => Verify.DiagnosticsAsync(
        """
        [Flow("sync")]
        [ScheduleTrigger("0 * * * *", Entry = nameof(Payload))]
        [ChannelTrigger(Entry = nameof(Lines))]
        public partial class Sync
        {
            [Entry] public Customer {|#0:Payload|}(ScheduledTick tick) => new("", "", true);
            [Entry, Retry(3)] public Customer {|#1:Lines|}(string line) => new(line, "", true);
            [Step] public Contact Map(Customer c) => new(c.Email);
        }
        """,
        Verify.Diagnostic("FLOW005").WithLocation(0).WithArguments("Payload", "an entry cannot be named Entry, Payload or Entries, the members of the generated FlowInput it would clash with"),
        Verify.Diagnostic("FLOW005").WithLocation(1).WithArguments("Lines", "[Retry] applies to [Step] and [Filter] methods; an entry is retried with the flow"));
}
