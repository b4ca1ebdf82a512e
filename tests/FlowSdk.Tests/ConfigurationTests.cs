using FlowSdk.Tests.Flows;

namespace FlowSdk.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task Steps_receive_the_configuration_of_the_instance_the_execution_runs_for()
    {
        var flow = new ConfiguredFlow();

        var acme = await flow.RunAsync("Ada", new FlowContext("configured", "acme", new GreetingSettings { Greeting = "Bonjour", Repeat = 2 }));
        var globex = await flow.RunAsync("Ada", new FlowContext("configured", "globex", new GreetingSettings { Greeting = "Hi" }));

        Assert.Equal("Bonjour, Ada Bonjour, Ada @acme", acme.Output);
        Assert.Equal("Hi, Ada @globex", globex.Output);
    }

    [Fact]
    public async Task A_run_without_a_configuration_fails_at_the_first_step_that_needs_it_with_a_clear_error()
    {
        var result = await new ConfiguredFlow().RunAsync("Ada");

        Assert.Equal(FlowOutcome.Failed, result.Outcome);
        Assert.Equal("Greet", result.FailedStep);
        Assert.Contains("runs without an instance configuration", result.Exception!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_definition_names_the_configuration_type()
    {
        Assert.Equal(typeof(GreetingSettings), ConfiguredFlow.Definition.ConfigurationType);
    }
}
