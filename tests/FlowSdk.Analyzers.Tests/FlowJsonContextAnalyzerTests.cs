using FlowSdk.Analyzers.Tests.Infrastructure;
using Xunit;

namespace FlowSdk.Analyzers.Tests;

public sealed class FlowJsonContextAnalyzerTests
{
    /// <summary>A settings type and a context listing <paramref name="listed"/>, written out as the JSON generator would leave it.</summary>
    private static string Context(string listed) => $$"""
        public sealed class ShopSettings { public int Limit { get; set; } }

        [System.Text.Json.Serialization.JsonSerializable(typeof({{listed}}))]
        public partial class AppJson : System.Text.Json.Serialization.JsonSerializerContext
        {
            public AppJson() : base(null) { }
            protected override System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(Type type) => null;
        }

        """;

    [Fact]
    public Task A_context_that_lists_every_configuration_type_is_clean() => Verify.DiagnosticsWithAssemblyAttributesAsync(
        "[assembly: FlowJsonContext(typeof(AppJson))]",
        Context("ShopSettings") + """

        [Flow("shop", Configuration = typeof(ShopSettings))]
        [ChannelTrigger]
        public partial class Shop
        {
            [Step] public Order Check(Order o, ShopSettings s) => o;
        }
        """);

    [Fact]
    public Task A_configuration_type_the_context_does_not_list_is_reported_on_the_flow() => Verify.DiagnosticsWithAssemblyAttributesAsync(
        "[assembly: FlowJsonContext(typeof(AppJson))]",
        Context("Order") + """

        [Flow("shop", {|FLOW019:Configuration = typeof(ShopSettings)|})]
        [ChannelTrigger]
        public partial class Shop
        {
            [Step] public Order Check(Order o, ShopSettings s) => o;
        }

        [Flow("plain")]
        [ChannelTrigger]
        public partial class Plain
        {
            [Step] public Order Check(Order o) => o;
        }
        """);

    [Fact]
    public Task A_type_that_is_not_a_context_is_reported_on_the_attribute() => Verify.DiagnosticsWithAssemblyAttributesAsync(
        "[assembly: FlowJsonContext({|FLOW018:typeof(NotAContext)|})]",
        """
        public sealed class NotAContext { }
        public sealed class ShopSettings { public int Limit { get; set; } }

        [Flow("shop", Configuration = typeof(ShopSettings))]
        [ChannelTrigger]
        public partial class Shop
        {
            [Step] public Order Check(Order o, ShopSettings s) => o;
        }
        """);
}
