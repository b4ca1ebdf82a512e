using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace FlowSdk.Generators.Tests;

/// <summary>
/// The contract's example (docs/design.md) generates exactly the reviewed code in <c>Expected/</c>. To accept a deliberate change of
/// the emitter, run with FLOWSDK_UPDATE_EXPECTED=1 and review the diff. The files spell the generator's version as
/// <c>$(GeneratorVersion)</c> and the test puts the real one in, so a version bump changes no expected file.
/// </summary>
public sealed class GoldenOutputTests
{
    private const string GeneratedCodeAsStored = "[global::System.CodeDom.Compiler.GeneratedCode(\"FlowSdk.Generators\", \"$(GeneratorVersion)\")]";

    private static readonly string GeneratedCode = $"[global::System.CodeDom.Compiler.GeneratedCode(\"FlowSdk.Generators\", \"{GeneratorHarness.GeneratorVersion}\")]";

    private const string Source = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using FlowSdk;

        namespace Demo;

        public sealed record CustomerCreated(string Email, string Name, bool Active);
        public sealed record CustomerEvent(CustomerCreated Customer, DateTimeOffset At);
        public sealed record CrmContact(string Email, string Name);
        public sealed record CrmResponse(int Status);
        public interface ICrmClient { ValueTask<CrmResponse> UpsertAsync(CrmContact contact, CancellationToken ct); }

        [Flow("customer-sync")]
        [WebhookTrigger("/hooks/customers")]
        public sealed partial class CustomerSync(ICrmClient crm)
        {
            [Step]   public CustomerEvent Stamp(CustomerCreated body, FlowContext ctx) => new(body, ctx.StartedAt);
            [Filter] public bool IsActive(CustomerEvent e) => e.Customer.Active;
            [Step]   public CrmContact Map(CustomerEvent e) => new(e.Customer.Email, e.Customer.Name);
            [Step]   public ValueTask<CrmResponse> Push(CrmContact c, CancellationToken ct) => crm.UpsertAsync(c, ct);
            [Step]   public void Log(CrmResponse r) => Console.WriteLine(r.Status);
        }
        """;

    [Fact]
    public async Task The_design_example_generates_the_reviewed_pipeline_and_registration()
    {
        var flowFile = Expected("Demo.CustomerSync.Flow.g.cs");
        var registrationFile = Expected("FlowRegistrations.g.cs");

        await new GeneratorTest
        {
            TestState =
            {
                Sources = { Source },
                GeneratedSources =
                {
                    (typeof(FlowGenerator), "Demo.CustomerSync.Flow.g.cs", SourceText.From(flowFile, Encoding.UTF8)),
                    (typeof(FlowGenerator), "FlowRegistrations.g.cs", SourceText.From(registrationFile, Encoding.UTF8)),
                },
            },
        }.RunAsync();
    }

    private static string Expected(string name, [CallerFilePath] string thisFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(thisFile)!, "Expected", name + ".txt");
        if (Environment.GetEnvironmentVariable("FLOWSDK_UPDATE_EXPECTED") == "1")
        {
            var (_, result) = GeneratorHarness.Run(Source);
            var generated = result.GeneratedSources.Single(s => s.HintName == name).SourceText.ToString();
            File.WriteAllText(path, generated.Replace(GeneratedCode, GeneratedCodeAsStored, StringComparison.Ordinal));
        }

        var stored = File.ReadAllText(path);
        Assert.Contains(GeneratedCodeAsStored, stored, StringComparison.Ordinal);
        return stored.Replace(GeneratedCodeAsStored, GeneratedCode, StringComparison.Ordinal);
    }
}
