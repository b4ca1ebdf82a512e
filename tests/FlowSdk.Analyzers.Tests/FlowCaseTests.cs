using FlowSdk.Analyzers.Tests.Infrastructure;
using Xunit;

namespace FlowSdk.Analyzers.Tests;

/// <summary>Every case gets exactly its marked diagnostics from all the analyzers together, at the marked spans.</summary>
public sealed class FlowCaseTests
{
    [Theory]
    [MemberData(nameof(FlowCases.ValidNames), MemberType = typeof(FlowCases))]
    public Task Valid_flows_get_no_error(string name) => Verify.DiagnosticsAsync(FlowCases.Valid[name]);

    [Theory]
    [MemberData(nameof(FlowCases.InvalidNames), MemberType = typeof(FlowCases))]
    public Task Miswired_flows_get_their_error_at_the_cause(string name) => Verify.DiagnosticsAsync(FlowCases.Invalid[name]);

    [Theory]
    [MemberData(nameof(FlowCases.CrossFlowNames), MemberType = typeof(FlowCases))]
    public Task Duplicates_are_reported_on_every_participant(string name) => Verify.DiagnosticsAsync(FlowCases.CrossFlow[name]);
}
