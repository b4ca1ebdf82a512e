using FlowSdk.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FlowSdk.Dashboard.Tests;

/// <summary>
/// The pages that read GET /manage/executions/{id} (the step journal) and GET /manage/flows (the configuration schema).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ExecutionTimelineTests(Browser browser) : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_execution_opens_on_its_step_timeline_with_durations_and_the_failing_steps_error()
    {
        await _host.DeployAsync("acme", Secret);
        var page = await browser.PageAsync(_host, DashboardHost.AdminKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Executions" }).ClickAsync();
        await Expect(page.GetByText("Live: new executions appear here")).ToBeVisibleAsync();
        var failed = await _host.PostOrderAsync("acme", Secret, new Order(5, "fail"));
        var row = page.Locator($"tr[data-id='{failed}']");
        await Expect(row.GetByText("Failed")).ToBeVisibleAsync();

        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        var timeline = page.GetByRole(AriaRole.List, new() { Name = "Step timeline" });
        await Expect(timeline.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        var validate = timeline.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Validate" });
        var push = timeline.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Push" });
        await Expect(validate.GetByText("Completed")).ToBeVisibleAsync();
        await Expect(validate).ToContainTextAsync(" ms");
        await Expect(push.GetByText("Failed")).ToBeVisibleAsync();
        await Expect(push.Locator("pre.error")).ToContainTextAsync("refused order 5");
        await Expect(page.GetByLabel("Error")).ToContainTextAsync("refused order 5");
    }

    [Fact]
    public async Task With_payloads_the_last_step_shows_the_executions_output()
    {
        await using var host = await DashboardHost.StartAsync(o => o.Journal = FlowJournalMode.StepsAndPayloads);
        await host.DeployAsync("acme", Secret);
        var page = await browser.PageAsync(host, DashboardHost.AdminKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Executions" }).ClickAsync();
        await Expect(page.GetByText("Live: new executions appear here")).ToBeVisibleAsync();
        var completed = await host.PostOrderAsync("acme", Secret, new Order(6, "gift wrap"));
        var row = page.Locator($"tr[data-id='{completed}']");
        await Expect(row.GetByText("Completed")).ToBeVisibleAsync();

        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        var timeline = page.GetByRole(AriaRole.List, new() { Name = "Step timeline" });
        var validate = timeline.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Validate" });
        var push = timeline.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Push" });
        await Expect(push.GetByText("Payload", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(validate.GetByText("Output", new() { Exact = true })).ToHaveCountAsync(0);
        await push.GetByText("Output", new() { Exact = true }).ClickAsync();
        await Expect(push.Locator("details:has(summary:text-is('Output')) pre")).ToContainTextAsync("\"note\": \"gift wrap\"");
    }

    [Fact]
    public async Task The_deploy_form_is_generated_from_the_flows_configuration_schema_with_errors_on_their_fields()
    {
        var page = await browser.PageAsync(_host, DashboardHost.AdminKey);
        await page.GotoAsync(_host.Ui + "#/instances/new");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Deploy instance" });
        await form.GetByLabel("Instance id").FillAsync("hooli");
        await form.GetByLabel("Flow").SelectOptionAsync("order-push");
        await form.GetByLabel("Shop Url").FillAsync("not a url");
        await form.GetByLabel("Batch Size").FillAsync("500");
        await form.GetByRole(AriaRole.Button, new() { Name = "Deploy" }).ClickAsync();

        await Expect(form.GetByLabel("Shop Url")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.GetByLabel("Batch Size")).ToHaveAttributeAsync("aria-invalid", "true");

        await form.GetByLabel("Shop Url").FillAsync("https://hooli.example/shop");
        await form.GetByLabel("Batch Size").FillAsync("50");
        await form.GetByRole(AriaRole.Button, new() { Name = "Deploy" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Instance hooli" })).ToBeVisibleAsync();
    }
}
