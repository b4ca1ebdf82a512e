using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FlowSdk.Benchmarks.Compilation;

/// <summary>
/// A large user project for the generator benchmarks: <c>count</c> flows of five steps each (a context-reading step, a
/// filter, a mapping, a <c>ValueTask</c> push and a side effect), one flow per file, over a few shared models.
/// </summary>
public static class FlowCorpus
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private const string Models = """
        namespace Corpus.Models;

        public sealed record Order(int Id, decimal Amount, string Customer, System.DateTimeOffset Received);

        public sealed record Invoice(int OrderId, decimal Total);

        public sealed record Receipt(int OrderId, string Reference);
        """;

    public static IReadOnlyList<MetadataReference> References { get; } =
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(typeof(FlowAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location),
    ];

    /// <summary>
    /// Set by <c>--dry</c>: a dry run proves the benchmarks run, so the corpus shrinks to <see cref="DryRunFlows"/> flows
    /// to keep it quick. Measured runs never set it.
    /// </summary>
    public static bool DryRun { get; set; }

    public const int DryRunFlows = 50;

    /// <summary>How many flows a corpus asked for <paramref name="count"/> flows really has in this run.</summary>
    public static int Effective(int count) => DryRun ? Math.Min(count, DryRunFlows) : count;

    /// <summary>The file name of flow <paramref name="index"/>.</summary>
    public static string PathOf(int index) => $"Flows/Flow{index:D4}.cs";

    /// <summary>
    /// The source of flow <paramref name="index"/>; <paramref name="threshold"/> is the literal a one-line edit inside a
    /// body changes, <paramref name="filter"/> the name a one-line edit of a signature changes.
    /// </summary>
    public static string FlowSource(int index, int threshold = 100, string filter = "IsBig") => $$"""
        using System.Threading;
        using System.Threading.Tasks;
        using Corpus.Models;
        using FlowSdk;

        namespace Corpus.Flows;

        [Flow("flow-{{index:D4}}")]
        [ChannelTrigger]
        public sealed partial class Flow{{index:D4}}
        {
            [Step]
            public Order Stamp(Order order, FlowContext context) => order with { Received = context.StartedAt };

            [Filter]
            public bool {{filter}}(Order order) => order.Amount >= {{threshold.ToString(CultureInfo.InvariantCulture)}};

            [Step]
            public Invoice Map(Order order) => new(order.Id, order.Amount * 1.2m);

            [Step]
            public ValueTask<Receipt> Push(Invoice invoice, CancellationToken cancellationToken) => new(new Receipt(invoice.OrderId, "r-{{index}}"));

            [Step]
            public void Record(Receipt receipt) => Last = receipt;

            public Receipt? Last { get; private set; }
        }
        """;

    public static SyntaxTree Parse(string source, string path) => CSharpSyntaxTree.ParseText(source, ParseOptions, path);

    /// <summary>A compilation of <paramref name="count"/> flows (see <see cref="Effective(int)"/>) and the models they share.</summary>
    public static CSharpCompilation Create(int count) => CSharpCompilation.Create(
        "Corpus",
        [Parse(Models, "Models.cs"), .. Enumerable.Range(0, Effective(count)).Select(i => Parse(FlowSource(i), PathOf(i)))],
        References,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
}
