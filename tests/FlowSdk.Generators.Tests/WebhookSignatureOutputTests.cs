using System.Globalization;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace FlowSdk.Generators.Tests;

/// <summary>
/// <c>[WebhookTrigger(Signature = ...)]</c> reaches the generated <c>Definition</c> as the member the user named, is
/// left out when not set, and a value outside the enum is FLOW020 with no generated code for the flow.
/// </summary>
public sealed class WebhookSignatureOutputTests
{
    private const string Source = """
        using FlowSdk;

        namespace Demo;

        [Flow("github")]
        [WebhookTrigger("/hooks/github", Signature = WebhookSignature.GitHub)]
        public sealed partial class GitHubHook
        {
            [Step] public int Start(WebhookRequest request) => 1;
        }

        [Flow("standard")]
        [WebhookTrigger("/hooks/standard", Signature = WebhookSignature.StandardWebhooks)]
        public sealed partial class StandardHook
        {
            [Step] public int Start(WebhookRequest request) => 1;
        }

        [Flow("plain")]
        [WebhookTrigger("/hooks/plain")]
        public sealed partial class PlainHook
        {
            [Step] public int Start(WebhookRequest request) => 1;
        }
        """;

    [Fact]
    public void The_parser_records_the_member_name_only_when_set()
    {
        var flow = ParserTests.Parse("""
            [Flow("stripe")]
            [WebhookTrigger("/hooks/stripe", Signature = WebhookSignature.Stripe)]
            public sealed partial class Stripe
            {
                [Step] public int Start(WebhookRequest r) => 1;
            }
            """);

        Assert.Equal([new Model.WebhookTriggerSpec("/hooks/stripe", MaxBodySize: null, Synchronous: null, Signature: "Stripe")], flow!.Triggers);
    }

    [Fact]
    public void The_emitted_attribute_names_the_member_and_the_definition_carries_it()
    {
        var (output, result) = GeneratorHarness.Run(Source);
        Assert.Empty(GeneratorHarness.Errors(output));
        Assert.Contains(
            "new global::FlowSdk.WebhookTriggerAttribute(\"/hooks/github\") { Signature = global::FlowSdk.WebhookSignature.GitHub },",
            GeneratorHarness.Generated(result, "Demo.GitHubHook"),
            StringComparison.Ordinal);
        Assert.Contains(
            "new global::FlowSdk.WebhookTriggerAttribute(\"/hooks/plain\"),",
            GeneratorHarness.Generated(result, "Demo.PlainHook"),
            StringComparison.Ordinal);

        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext(nameof(WebhookSignatureOutputTests), isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(image);
            Assert.Equal(WebhookSignature.GitHub, Webhook(assembly, "Demo.GitHubHook").Signature);
            Assert.Equal(WebhookSignature.StandardWebhooks, Webhook(assembly, "Demo.StandardHook").Signature);
            Assert.Equal(WebhookSignature.StandardWebhooks, Webhook(assembly, "Demo.PlainHook").Signature);
        }
        finally
        {
            context.Unload();
        }
    }

    [Theory]
    [InlineData("(WebhookSignature)42", "42")]
    [InlineData("(WebhookSignature)(-1)", "-1")]
    public void A_value_outside_the_enum_is_FLOW020_and_nothing_is_generated(string value, string shown)
    {
        var source = $$"""
            [Flow("odd")]
            [WebhookTrigger("/hooks/odd", Signature = {{value}})]
            public sealed partial class Odd
            {
                [Step] public int Start(WebhookRequest r) => 1;
            }
            """;
        var diagnostics = new List<Diagnostic>();
        Assert.Null(ParserTests.Parse(source, diagnostics));
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("FLOW020", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains($"Signature to {shown},", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal("Signature = " + value, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));

        var (_, result) = GeneratorHarness.Run("using FlowSdk;\n" + source);
        Assert.Null(GeneratorHarness.Generated(result, "Odd"));
    }

    private static WebhookTriggerAttribute Webhook(System.Reflection.Assembly assembly, string flowType) =>
        Assert.IsType<WebhookTriggerAttribute>(Assert.Single(
            ((FlowDefinition)assembly.GetType(flowType, throwOnError: true)!.GetProperty("Definition")!.GetValue(null)!).Triggers));
}
