using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>A server whose database cannot be created: every store call throws.</summary>
public sealed class BrokenStoreServer : ManagementServer
{
    protected override string DatabasePath => "/proc/flowsdk-cannot-exist/flows.db";
}

public sealed class StoreFailureTests(BrokenStoreServer server) : IClassFixture<BrokenStoreServer>
{
    [Fact]
    public async Task An_unexpected_failure_is_a_bare_500_problem_and_the_details_go_to_the_log_only()
    {
        var response = await server.Client(ManagementServer.ReaderKey).GetAsync("/manage/instances");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("/proc", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        Assert.Equal(500, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        Assert.Contains(server.Logs.Lines, line => line.Contains("/manage/instances failed", StringComparison.Ordinal) && line.Contains("/proc", StringComparison.Ordinal));

        var deploy = await server.Client(ManagementServer.AdminKey).PostAsJsonAsync("/manage/instances", new { id = "acme", flow = "customer-sync", configuration = new { targetUrl = "https://a.example/", auth = new { headerName = "A", scheme = "Bearer" } } });
        Assert.Equal(HttpStatusCode.InternalServerError, deploy.StatusCode);
        Assert.DoesNotContain("/proc", await deploy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
