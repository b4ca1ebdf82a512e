using FlowSdk.Testing;

namespace FlowSdk.Tests;

/// <summary>A project outside the repository that references only the packed FlowSdk package.</summary>
public sealed class PackageTests
{
    private const string Flows = """
        using System.Runtime.CompilerServices;
        using FlowSdk;

        namespace UserApp;

        public sealed record Customer(string Email, bool Active);

        [Flow("every-kind")]
        [ChannelTrigger]
        public sealed partial class EveryKind
        {
            [Step] public Customer Normalize(Customer c, FlowContext context) => c with { Email = c.Email.ToLowerInvariant() };
            [Filter] public ValueTask<bool> IsActive(Customer c) => new(c.Active);
            [Step] public async Task<string> Email(Customer c, CancellationToken ct) { await Task.Yield(); return c.Email; }
            [Step] public ValueTask Audit(string email) => ValueTask.CompletedTask;
            [Step] public Task Notify(string email) => Task.CompletedTask;
            [Step] public void Log(string email) { }
            [Split] public IEnumerable<char> Letters(string email) => email.Take(3);
            [Filter] public Task<bool> NotDot(char c) => Task.FromResult(c != '.');
            [Step] private static int Code(char c) => c;
        }

        [Flow("async-split")]
        [ChannelTrigger]
        public sealed partial class AsyncSplit
        {
            [Split] public async IAsyncEnumerable<int> Count(int n, [EnumeratorCancellation] CancellationToken ct) { for (var i = 1; i <= n; i++) { await Task.Yield(); yield return i; } }
            [Filter] public bool Even(int i) => i % 2 == 0;
            [Step] public int Fail(int i) => i == 4 ? throw new InvalidOperationException("four") : i;
        }
        """;

    private const string Program = """
        using FlowSdk;
        using Microsoft.Extensions.DependencyInjection;
        using UserApp;

        var services = new ServiceCollection();
        services.AddFlows();

        var a = await new EveryKind().RunAsync(new Customer("A.B@X", true));
        Console.WriteLine($"active {a.Outcome} {a.CompletedItems}/{a.FilteredItems}/{a.FailedItems} {a.Output}");
        var f = await new EveryKind().RunAsync(new Customer("C@X", false));
        Console.WriteLine($"inactive {f.Outcome}");
        var s = await new AsyncSplit().RunAsync(6);
        Console.WriteLine($"split {s.Outcome} {s.CompletedItems}/{s.FilteredItems}/{s.FailedItems} {s.FailedStep}");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        try { await new AsyncSplit().RunAsync(6, cts.Token); } catch (OperationCanceledException) { Console.WriteLine("cancelled"); }
        Console.WriteLine($"registered {services.Count(d => d.ServiceType == typeof(FlowRegistration))}");
        """;

    [Fact]
    public void A_project_referencing_only_the_packed_package_compiles_and_runs_flows_of_every_step_kind()
    {
        var project = PackedFeed.Instance.CreateProject(
            "UserApp",
            ["FlowSdk"],
            new Dictionary<string, string> { ["Flows.cs"] = Flows, ["Program.cs"] = Program });

        var build = project.Build();
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("0 Warning(s)", build.Output, StringComparison.Ordinal);

        var run = project.Run();
        Assert.True(run.ExitCode == 0, run.Output);
        var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            [
                "active Completed 2/1/0 98", // "a.b": 'a' and 'b' complete, '.' is filtered; the last output is 'b'
                "inactive Filtered",
                "split Failed 2/3/1 Fail",
                "cancelled",
                "registered 2",
            ],
            lines);
    }
}
