using FlowSdk.Tests.Flows;
using Microsoft.Extensions.DependencyInjection;

namespace FlowSdk.Tests;

public sealed class AddFlowsTests
{
    [Fact]
    public void AddFlows_registers_every_flow_of_the_assembly_as_a_singleton_with_its_definition()
    {
        using var provider = new ServiceCollection().AddFlows().BuildServiceProvider();

        var registrations = provider.GetServices<FlowRegistration>().ToDictionary(r => r.Definition.Name);
        Assert.Contains("orders", registrations.Keys);
        Assert.Contains("global", registrations.Keys);
        Assert.Contains("same-name-left", registrations.Keys);
        Assert.Contains("same-name-right", registrations.Keys);
        Assert.Contains("nested", registrations.Keys);

        var flow = provider.GetRequiredService<IFlow<Order, string>>();
        Assert.Same(provider.GetRequiredService<OrderFlow>(), flow);
    }

    [Fact]
    public void AddFlows_is_idempotent()
    {
        var services = new ServiceCollection().AddFlows();
        var count = services.Count;

        services.AddFlows();

        Assert.Equal(count, services.Count);
    }

    [Fact]
    public void The_definition_carries_what_the_attributes_declare()
    {
        var definition = OrderFlow.Definition;

        Assert.Equal("orders", definition.Name);
        Assert.Equal(typeof(Order), definition.PayloadType);
        Assert.Equal(typeof(string), definition.OutputType);
        Assert.Equal(["IsBig", "ToInvoice", "Record", "Describe"], definition.Steps.Select(s => s.Name));
        Assert.Equal(FlowStepKind.Filter, definition.Steps[0].Kind);
        Assert.IsType<ChannelTriggerAttribute>(Assert.Single(definition.Triggers));
        Assert.Equal(1024, definition.Flow.Capacity);
    }

    [Fact]
    public void A_registration_gives_hosts_the_flows_static_types_without_reflection()
    {
        using var provider = new ServiceCollection().AddFlows().BuildServiceProvider();
        var registration = provider.GetServices<FlowRegistration>().Single(r => r.Definition.Name == "orders");

        Assert.Equal("OrderFlow Order String", registration.Accept(new TypeNames()));
    }

    private sealed class TypeNames : IFlowRegistrationVisitor<string>
    {
        public string Visit<TFlow, TIn, TOut>(FlowRegistration<TFlow, TIn, TOut> registration)
            where TFlow : class, IFlow<TIn, TOut> => $"{typeof(TFlow).Name} {typeof(TIn).Name} {typeof(TOut).Name}";
    }
}
