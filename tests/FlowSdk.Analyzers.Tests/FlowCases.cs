using Xunit;

namespace FlowSdk.Analyzers.Tests;

/// <summary>
/// Flows, valid and miswired, in <c>{|FLOWnnn:...|}</c> markup: the analyzer tests check each diagnostic at its span,
/// and the agreement tests strip the markup and check the generator emits <c>RunAsync</c> exactly for the clean ones.
/// </summary>
public static class FlowCases
{
    public static readonly IReadOnlyDictionary<string, string> Valid = new Dictionary<string, string>
    {
        ["seed flow with every step kind"] = """
            [Flow("customer-sync")]
            [WebhookTrigger("/hooks/customers")]
            public sealed partial class CustomerSync(ICrm crm)
            {
                [Step] public Customer Stamp(Customer body, FlowContext ctx) => body;
                [Filter] public bool IsActive(Customer c) => c.Active;
                [Step] public Contact Map(Customer c) => new(c.Email);
                [Step] public ValueTask<string> Push(Contact c, CancellationToken ct) => crm.UpsertAsync(c, ct);
                [Step] public void Log(string status) { }
            }
            """,
        ["a Dog reaches an Animal step"] = """
            [Flow("pets")]
            [ChannelTrigger]
            public partial class Pets
            {
                [Step] public Dog Adopt(string name) => new(name);
                [Step] public string Describe(Animal animal) => animal.Name;
            }
            """,
        ["a List reaches an IReadOnlyList step"] = """
            [Flow("lists")]
            [ChannelTrigger]
            public partial class Lists
            {
                [Step] public List<int> Load(string csv) => new();
                [Step] public int Count(IReadOnlyList<int> values) => values.Count;
            }
            """,
        ["a nullable string reaches a nullable string step"] = """
            [Flow("maybe")]
            [ChannelTrigger]
            public partial class Maybe
            {
                [Step] public string? Find(int id) => null;
                [Step] public int Length(string? value) => value?.Length ?? 0;
            }
            """,
        ["values reach nullable and object steps"] = """
            [Flow("boxing")]
            [ChannelTrigger]
            public partial class Boxing
            {
                [Step] public int Count(string s) => s.Length;
                [Step] public int? Lift(int? value) => value;
                [Step] public string Show(object value) => value.ToString() ?? "";
            }
            """,
        ["a filter after a split gets the element"] = """
            [Flow("orders")]
            [ChannelTrigger]
            public partial class Orders
            {
                [Split] public IEnumerable<Order> Explode(Customer c) => [];
                [Filter] public bool Big(Order o) => o.Total > 10;
                [Step] public decimal Total(Order o) => o.Total;
            }
            """,
        ["an async split gets the element"] = """
            [Flow("async-orders")]
            [ChannelTrigger]
            public partial class AsyncOrders
            {
                [Split] public async IAsyncEnumerable<Order> Explode(Customer c) { await Task.Yield(); yield return new Order(1); }
                [Filter] public ValueTask<bool> Big(Order o) => new(o.Total > 10);
                [Step] public Task<decimal> Total(Order o) => Task.FromResult(o.Total);
            }
            """,
        ["a void step between two steps passes the payload on"] = """
            [Flow("void-between")]
            [ChannelTrigger]
            public partial class VoidBetween
            {
                [Step] public Contact Map(Customer c) => new(c.Email);
                [Step] public void Log(Contact c) { }
                [Step] public Task Audit(Contact c) => Task.CompletedTask;
                [Step] public ValueTask Notify(Contact c) => default;
                [Filter] public Task<bool> Known(Contact c) => Task.FromResult(true);
                [Step] public string Email(Contact c) => c.Email;
            }
            """,
        ["tasks unwrap to their result"] = """
            [Flow("tasks")]
            [ChannelTrigger]
            public partial class Tasks(ICrm crm)
            {
                [Step] public Task<Contact> Load(string email) => crm.LoadAsync(email);
                [Step] public async ValueTask<string> Push(Contact c, CancellationToken ct) => await crm.UpsertAsync(c, ct);
                [Step] public int Length(string status) => status.Length;
            }
            """,
        ["FlowContext and CancellationToken in any order"] = """
            [Flow("extras")]
            [ChannelTrigger]
            public partial class Extras
            {
                [Step] public Order A(Order o, CancellationToken ct, FlowContext ctx) => o;
                [Step] public Order B(Order o, FlowContext ctx, CancellationToken ct) => o;
                [Step] public Order C(Order o, FlowContext ctx) => o;
                [Step] public void D(Order o, CancellationToken ct) { }
            }
            """,
        ["private and static steps"] = """
            [Flow("mixed")]
            [ChannelTrigger]
            internal sealed partial class Mixed
            {
                [Step] private static int Parse(string s) => s.Length;
                [Step] private int Twice(int x) => x * 2;
            }
            """,
        ["a schedule flow takes ScheduledTick"] = """
            [Flow("nightly")]
            [ScheduleTrigger("0 0 2 * * MON-FRI", TimeZone = "Europe/Paris")]
            [ScheduleTrigger("@hourly")]
            public partial class Nightly
            {
                [Step] public DateTimeOffset When(ScheduledTick tick) => tick.ScheduledAt;
            }
            """,
        ["a webhook flow takes WebhookRequest"] = """
            [Flow("raw-hook")]
            [WebhookTrigger("/hooks/raw")]
            public partial class RawHook
            {
                [Step] public string Body(WebhookRequest request) => request.ContentType ?? "";
            }
            """,
        ["a flow nested in a partial type"] = """
            public static partial class Integrations
            {
                [Flow("nested")]
                [ChannelTrigger]
                public partial class Nested
                {
                    [Step] public int Length(string s) => s.Length;
                }
            }
            """,
        ["a flow in a block namespace"] = """
            namespace Acme.Flows
            {
                [Flow("namespaced")]
                [ChannelTrigger]
                public partial class Namespaced
                {
                    [Step] public int Length(string s) => s.Length;
                }
            }
            """,
        ["a flow without trigger still runs"] = """
            [Flow("manual")]
            public partial class {|FLOW014:Manual|}
            {
                [Step] public int Length(string s) => s.Length;
            }
            """,
        ["a step that awaits instead of blocking"] = """
            [Flow("awaiting")]
            [ChannelTrigger]
            public partial class Awaiting(ICrm crm)
            {
                [Step] public async Task<Contact> Load(string email) => await crm.LoadAsync(email);
                [Step] public string Email(Contact c) => Helper(crm.LoadAsync(c.Email));

                // Not a step: blocking here is the caller's business.
                private static string Helper(Task<Contact> task) => task.Result.Email;
            }
            """,
        ["a step that blocks still runs"] = """
            [Flow("blocking")]
            [ChannelTrigger]
            public partial class Blocking(ICrm crm)
            {
                [Step] public Contact Load(string email) => {|FLOW015:crm.LoadAsync(email).Result|};
            }
            """,
    };

    public static readonly IReadOnlyDictionary<string, string> Invalid = new Dictionary<string, string>
    {
        ["FLOW001 not partial"] = """
            [Flow("not-partial")]
            [ChannelTrigger]
            public sealed class {|FLOW001:NotPartial|}
            {
                [Step] public int Length(string s) => s.Length;
            }
            """,
        ["FLOW002 static"] = """
            [Flow("static")]
            [ChannelTrigger]
            public static partial class {|FLOW002:StaticFlow|}
            {
                [Step] public static int Length(string s) => s.Length;
            }
            """,
        ["FLOW002 abstract"] = """
            [Flow("abstract")]
            [ChannelTrigger]
            public abstract partial class {|FLOW002:AbstractFlow|}
            {
                [Step] public int Length(string s) => s.Length;
            }
            """,
        ["FLOW002 generic"] = """
            [Flow("generic")]
            [ChannelTrigger]
            public partial class {|FLOW002:GenericFlow|}<T>
            {
                [Step] public int Length(string s) => s.Length;
            }
            """,
        ["FLOW002 nested in a non-partial type"] = """
            public static class Outer
            {
                [Flow("inner")]
                [ChannelTrigger]
                public partial class {|FLOW002:Inner|}
                {
                    [Step] public int Length(string s) => s.Length;
                }
            }
            """,
        ["FLOW002 record"] = """
            [Flow("record")]
            [ChannelTrigger]
            public sealed partial record {|FLOW002:RecordFlow|}
            {
                [Step] public int Length(string s) => s.Length;
            }
            """,
        ["FLOW025 file-local"] = """
            [Flow("local")]
            [ChannelTrigger]
            file sealed partial class {|FLOW025:LocalFlow|}
            {
                [Step] public int Length(string s) => s.Length;
            }
            """,
        ["FLOW025 nested in a file-local type"] = """
            file static partial class Holder
            {
                [Flow("held")]
                [ChannelTrigger]
                public sealed partial class {|FLOW025:HeldFlow|}
                {
                    [Step] public int Length(string s) => s.Length;
                }
            }
            """,
        ["FLOW003 no steps"] = """
            [Flow("empty")]
            [ChannelTrigger]
            public partial class {|FLOW003:Empty|}
            {
                public int NotAStep(string s) => s.Length;
            }
            """,
        ["FLOW004 wrong payload"] = """
            [Flow("wrong-payload")]
            [ChannelTrigger]
            public partial class WrongPayload
            {
                [Step] public Customer Load(string email) => new(email, "", true);
                [Step] public void Push({|FLOW004:Contact c|}) { }
                [Step] public void After(Contact c) { }
            }
            """,
        ["FLOW004 an Animal does not reach a Dog step"] = """
            [Flow("downcast")]
            [ChannelTrigger]
            public partial class Downcast
            {
                [Step] public Animal Find(string name) => new(name);
                [Step] public string Bark({|FLOW004:Dog dog|}) => dog.Name;
            }
            """,
        ["FLOW004 after a void step"] = """
            [Flow("after-void")]
            [ChannelTrigger]
            public partial class AfterVoid
            {
                [Step] public Contact Map(Customer c) => new(c.Email);
                [Step] public void Log(Contact c) { }
                [Step] public string Name({|FLOW004:Customer c|}) => c.Name;
            }
            """,
        ["FLOW004 after a split"] = """
            [Flow("after-split")]
            [ChannelTrigger]
            public partial class AfterSplit
            {
                [Split] public IEnumerable<Order> Explode(Customer c) => [];
                [Filter] public bool Active({|FLOW004:Customer c|}) => c.Active;
            }
            """,
        ["FLOW004 a task is unwrapped before the next step"] = """
            [Flow("not-unwrapped")]
            [ChannelTrigger]
            public partial class NotUnwrapped
            {
                [Step] public Task<Contact> Load(string email) => Task.FromResult(new Contact(email));
                [Step] public void Use({|FLOW004:Task<Contact> c|}) { }
            }
            """,
        ["FLOW005 generic step"] = """
            [Flow("generic-step")]
            [ChannelTrigger]
            public partial class GenericStep
            {
                [Step] public T {|FLOW005:Echo|}<T>(T value) => value;
            }
            """,
        ["FLOW005 no payload"] = """
            [Flow("no-payload")]
            [ChannelTrigger]
            public partial class NoPayload
            {
                [Step] public int {|FLOW005:Nothing|}() => 1;
            }
            """,
        ["FLOW005 ref parameter"] = """
            [Flow("by-ref")]
            [ChannelTrigger]
            public partial class ByRef
            {
                [Step] public int Length({|FLOW005:ref string s|}) => s.Length;
            }
            """,
        ["FLOW005 unsupported extra parameter"] = """
            [Flow("extra")]
            [ChannelTrigger]
            public partial class Extra
            {
                [Step] public int Length(string s, {|FLOW005:int max|}) => Math.Min(s.Length, max);
            }
            """,
        ["FLOW005 repeated token"] = """
            [Flow("two-tokens")]
            [ChannelTrigger]
            public partial class TwoTokens
            {
                [Step] public int Length(string s, CancellationToken a, {|FLOW005:CancellationToken b|}) => s.Length;
            }
            """,
        ["FLOW005 async void"] = """
            [Flow("async-void")]
            [ChannelTrigger]
            public partial class AsyncVoid
            {
                [Step] public async void {|FLOW005:Fire|}(string s) => await Task.Yield();
            }
            """,
        ["FLOW006 filter returns int"] = """
            [Flow("int-filter")]
            [ChannelTrigger]
            public partial class IntFilter
            {
                [Filter] public {|FLOW006:int|} Keep(string s) => s.Length;
            }
            """,
        ["FLOW006 filter returns Task<int>"] = """
            [Flow("task-filter")]
            [ChannelTrigger]
            public partial class TaskFilter
            {
                [Filter] public {|FLOW006:Task<int>|} Keep(string s) => Task.FromResult(s.Length);
            }
            """,
        ["FLOW007 split returns a value"] = """
            [Flow("flat-split")]
            [ChannelTrigger]
            public partial class FlatSplit
            {
                [Split] public {|FLOW007:Order|} Explode(Customer c) => new(1);
            }
            """,
        ["FLOW008 two step attributes"] = """
            [Flow("both")]
            [ChannelTrigger]
            public partial class Both
            {
                [Step, Filter] public bool {|FLOW008:Check|}(string s) => s.Length > 0;
            }
            """,
        ["FLOW008 does not cascade into the steps after it"] = """
            [Flow("ambiguous")]
            [ChannelTrigger]
            public partial class Ambiguous
            {
                [Filter, Step] public bool {|FLOW008:Check|}(string s) => s.Length > 0;
                [Step] public int Length(string s) => s.Length;
            }
            """,
        ["FLOW009 steps in two partial declarations"] = """
            [Flow("spread")]
            [ChannelTrigger]
            public partial class {|FLOW009:Spread|}
            {
                [Step] public int Length(string s) => s.Length;
            }

            public partial class {|FLOW009:Spread|}
            {
                [Step] public int Twice(int x) => x * 2;
            }
            """,
        ["FLOW010 cron out of range"] = """
            [Flow("bad-cron")]
            [ScheduleTrigger({|FLOW010:"61 * * * *"|})]
            public partial class BadCron
            {
                [Step] public void Tick(ScheduledTick tick) { }
            }
            """,
        ["FLOW010 cron with too many fields"] = """
            [Flow("long-cron")]
            [ScheduleTrigger({|FLOW010:"0 0 1 1 * 2030"|})]
            public partial class LongCron
            {
                [Step] public void Tick(ScheduledTick tick) { }
            }
            """,
        ["FLOW011 schedule flow without ScheduledTick"] = """
            [Flow("bad-tick")]
            [ScheduleTrigger("*/5 * * * *")]
            public partial class BadTick
            {
                [Step] public void Tick({|FLOW011:string s|}) { }
            }
            """,
        ["FLOW011 webhook payload is an interface"] = """
            [Flow("bad-hook")]
            [WebhookTrigger("/hooks/bad")]
            public partial class BadHook
            {
                [Step] public void Take({|FLOW011:ICrm crm|}) { }
            }
            """,
        ["FLOW016 configuration type no instance can be given"] = """
            public interface ISettings { string Url { get; } }

            [Flow("configured", {|FLOW016:Configuration = typeof(ISettings)|})]
            [ChannelTrigger]
            public partial class Configured
            {
                [Step] public int Length(string s) => s.Length;
            }
            """,
        ["FLOW020 webhook signature outside the enum"] = """
            [Flow("odd-signature")]
            [WebhookTrigger("/hooks/odd", {|FLOW020:Signature = (WebhookSignature)42|})]
            public partial class OddSignature
            {
                [Step] public int Take(WebhookRequest r) => 0;
            }
            """,
        ["FLOW017 empty flow name"] = """
            [Flow({|FLOW017:""|})]
            [ChannelTrigger]
            public partial class Nameless
            {
                [Step] public int Length(string s) => s.Length;
            }
            """,
    };

    /// <summary>Cases whose errors come from comparing flows; each flow alone is valid, so the generator still emits it.</summary>
    public static readonly IReadOnlyDictionary<string, string> CrossFlow = new Dictionary<string, string>
    {
        ["FLOW012 two flows share a name"] = """
            [Flow({|FLOW012:"orders"|})]
            [ChannelTrigger]
            public partial class OrdersA
            {
                [Step] public int Length(string s) => s.Length;
            }

            [Flow({|FLOW012:"Orders"|})]
            [ChannelTrigger]
            public partial class OrdersB
            {
                [Step] public int Length(string s) => s.Length;
            }
            """,
        ["FLOW013 two webhook flows share a route"] = """
            [Flow("hook-a")]
            [WebhookTrigger({|FLOW013:"/hooks/orders"|})]
            public partial class HookA
            {
                [Step] public int Length(WebhookRequest r) => 0;
            }

            [Flow("hook-b")]
            [WebhookTrigger({|FLOW013:"/Hooks/Orders/"|})]
            public partial class HookB
            {
                [Step] public int Length(WebhookRequest r) => 0;
            }
            """,
        ["distinct names and routes"] = """
            [Flow("hook-a")]
            [WebhookTrigger("/hooks/a")]
            public partial class HookA
            {
                [Step] public int Length(WebhookRequest r) => 0;
            }

            [Flow("hook-b")]
            [WebhookTrigger("/hooks/b")]
            public partial class HookB
            {
                [Step] public int Length(WebhookRequest r) => 0;
            }
            """,
    };

    public static TheoryData<string> ValidNames => new(Valid.Keys);

    public static TheoryData<string> InvalidNames => new(Invalid.Keys);

    public static TheoryData<string> CrossFlowNames => new(CrossFlow.Keys);

    /// <summary>The source without its diagnostic markup.</summary>
    public static string Plain(string markup) =>
        System.Text.RegularExpressions.Regex.Replace(markup, @"\{\|FLOW\d{3}:|\|\}", string.Empty);
}
