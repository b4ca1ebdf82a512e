using FlowSdk.Analyzers.Tests.Infrastructure;
using Xunit;

namespace FlowSdk.Analyzers.Tests;

public sealed class FlowClassAnalyzerTests
{
    [Fact]
    public Task A_valid_flow_reports_nothing() => Verify<FlowClassAnalyzer>.DiagnosticsAsync("""
        public sealed record Customer(string Email);
        public sealed record Contact(string Email);

        [Flow("customer-sync")]
        [ChannelTrigger]
        public sealed partial class CustomerSync
        {
            [Step] public Contact Map(Customer c, FlowContext ctx) => new(c.Email);
            [Filter] public bool HasEmail(Contact c) => c.Email.Length > 0;
            [Step] public ValueTask<Contact> Push(Contact c, CancellationToken ct) => new(c);
            [Step] public void Log(Contact c) { }
        }
        """);

    [Fact]
    public Task FLOW001_is_reported_at_the_class_identifier() => Verify<FlowClassAnalyzer>.DiagnosticsAsync("""
        [Flow("f")]
        [ChannelTrigger]
        public sealed class {|FLOW001:NotPartial|}
        {
            [Step] public int Double(int x) => x * 2;
        }
        """);
}
