using FlowSdk.Analyzers.Tests.Infrastructure;
using FlowSdk.CodeFixes;
using Xunit;

namespace FlowSdk.Analyzers.Tests.CodeFixes;

public sealed class AwaitBlockingCallCodeFixTests
{
    [Fact]
    public Task A_value_step_becomes_async_ValueTask_and_awaits() => VerifyFix<BlockingCallAnalyzer, AwaitBlockingCallCodeFix>.FixAsync(
        """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F(ICrm crm)
        {
            [Step] public Contact Load(string email) => {|FLOW015:crm.LoadAsync(email).Result|};
            [Step] public string Email(Contact c) => c.Email;
        }
        """,
        """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F(ICrm crm)
        {
            [Step] public async ValueTask<Contact> Load(string email) => await crm.LoadAsync(email);
            [Step] public string Email(Contact c) => c.Email;
        }
        """);

    [Fact]
    public Task A_void_step_becomes_async_ValueTask_and_every_form_is_awaited() => VerifyFix<BlockingCallAnalyzer, AwaitBlockingCallCodeFix>.FixAsync(
        """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F(ICrm crm)
        {
            [Step]
            public void Push(Contact c)
            {
                {|FLOW015:crm.LoadAsync(c.Email).Wait()|};
                var email = {|FLOW015:crm.LoadAsync(c.Email).GetAwaiter().GetResult()|}.Email;
                Console.WriteLine({|FLOW015:crm.UpsertAsync(c, default).Result|});
            }
        }
        """,
        """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F(ICrm crm)
        {
            [Step]
            public async ValueTask Push(Contact c)
            {
                await crm.LoadAsync(c.Email);
                var email = (await crm.LoadAsync(c.Email)).Email;
                Console.WriteLine(await crm.UpsertAsync(c, default));
            }
        }
        """,
        fixAllIterations: 1);

    [Fact]
    public Task An_async_step_only_gets_the_await() => VerifyFix<BlockingCallAnalyzer, AwaitBlockingCallCodeFix>.FixAsync(
        """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F(ICrm crm)
        {
            [Filter]
            public async Task<bool> Known(string email)
            {
                await Task.Yield();
                return {|FLOW015:crm.LoadAsync(email).Result|} is not null;
            }
        }
        """,
        """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F(ICrm crm)
        {
            [Filter]
            public async Task<bool> Known(string email)
            {
                await Task.Yield();
                return await crm.LoadAsync(email) is not null;
            }
        }
        """);

    [Fact]
    public Task Fix_all_rewrites_every_step_of_the_flow() => VerifyFix<BlockingCallAnalyzer, AwaitBlockingCallCodeFix>.FixAsync(
        """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F(ICrm crm)
        {
            [Step] public Contact Load(string email) => {|FLOW015:crm.LoadAsync(email).Result|};
            [Filter] static bool Known(Contact c) => {|FLOW015:Task.FromResult(c.Email.Length > 0).Result|};
            [Step] public string Push(Contact c) => {|FLOW015:crm.UpsertAsync(c, default).Result|} + {|FLOW015:crm.UpsertAsync(c, default).Result|};
        }
        """,
        """
        [Flow("f")]
        [ChannelTrigger]
        public partial class F(ICrm crm)
        {
            [Step] public async ValueTask<Contact> Load(string email) => await crm.LoadAsync(email);
            [Filter] static async ValueTask<bool> Known(Contact c) => await Task.FromResult(c.Email.Length > 0);
            [Step] public async ValueTask<string> Push(Contact c) => await crm.UpsertAsync(c, default) + await crm.UpsertAsync(c, default);
        }
        """,
        fixAllIterations: 1);

    /// <summary>An await in a lambda, a split turned async, or a task-returning step made async would not compile or would change the flow.</summary>
    [Fact]
    public Task No_fix_is_offered_where_awaiting_would_break_the_step()
    {
        const string source = """
            [Flow("f")]
            [ChannelTrigger]
            public partial class F(ICrm crm)
            {
                [Split] public IEnumerable<string> Emails(string csv) => System.Linq.Enumerable.Select(csv.Split(','), e => {|FLOW015:crm.LoadAsync(e).Result|}.Email);
                [Step] public Task<int> Length(string email) => Task.FromResult({|FLOW015:crm.LoadAsync(email).Result|}.Email.Length);
            }
            """;
        return VerifyFix<BlockingCallAnalyzer, AwaitBlockingCallCodeFix>.FixAsync(source, source);
    }

    [Fact]
    public Task The_fixed_flow_is_still_a_valid_flow() => Verify.DiagnosticsAsync("""
        [Flow("f")]
        [ChannelTrigger]
        public partial class F(ICrm crm)
        {
            [Step] public async ValueTask<Contact> Load(string email) => await crm.LoadAsync(email);
            [Filter] static async ValueTask<bool> Known(Contact c) => await Task.FromResult(c.Email.Length > 0);
            [Step] public async ValueTask Push(Contact c) => await crm.UpsertAsync(c, default);
            [Step] public string Email(Contact c) => c.Email;
        }
        """);
}
