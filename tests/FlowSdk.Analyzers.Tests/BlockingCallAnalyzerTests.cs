using FlowSdk.Analyzers.Tests.Infrastructure;
using Xunit;

namespace FlowSdk.Analyzers.Tests;

public sealed class BlockingCallAnalyzerTests
{
    [Fact]
    public Task Every_blocking_form_in_every_step_kind_is_reported_at_the_expression() => Verify.DiagnosticsAsync("""
        [Flow("blocking")]
        [ChannelTrigger]
        public partial class Blocking(ICrm crm)
        {
            [Step]
            public string Push(Contact c)
            {
                var pending = crm.UpsertAsync(c, default);
                var first = {|FLOW015:pending.Result|};
                {|FLOW015:crm.LoadAsync(c.Email).Wait()|};
                var again = {|FLOW015:crm.LoadAsync(c.Email).ConfigureAwait(false).GetAwaiter().GetResult()|};
                return first + again.Email + {|FLOW015:crm.UpsertAsync(c, default).AsTask().Result|}.Length;
            }

            [Filter] public bool Known(string s) => {|FLOW015:crm.LoadAsync(s).Result|} is not null;

            [Split] public IEnumerable<string> Lines(string s) => [{|FLOW015:crm.LoadAsync(s).Result|}.Email];
        }
        """);

    [Fact]
    public Task Awaits_non_steps_non_flows_and_other_Result_properties_are_not_reported() => Verify.DiagnosticsAsync("""
        public sealed record Outcome(string Result);

        [Flow("fine")]
        [ChannelTrigger]
        public partial class Fine(ICrm crm)
        {
            [Step] public async Task<string> Push(Contact c) => (await crm.LoadAsync(c.Email)).Email;
            [Step] public string Read(string s) => new Outcome(s).Result;
            [Step] public bool Check(string s) { var t = Task.FromResult(s); return t.IsCompleted && Helper(t); }

            private static bool Helper(Task<string> t) => t.Result.Length > 0;
        }

        public class NotAFlow(ICrm crm)
        {
            [Step] public Contact Load(string email) => crm.LoadAsync(email).Result;
        }
        """);
}
