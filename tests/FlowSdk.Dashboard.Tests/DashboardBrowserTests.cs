using System.Text.Json;
using FlowSdk.Instances;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FlowSdk.Dashboard.Tests;

/// <summary>The dashboard in a real headless Chromium against a real host: what an operator does, click by click.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(Browser browser) : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_wrong_key_is_refused_and_an_admin_key_signs_in_to_the_overview_and_out_again()
    {
        var page = await browser.PageAsync(_host, apiKey: null);
        await page.GetByLabel("API key").FillAsync("not-a-key-not-a-key-not-a-key-000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByText("That key is not valid.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToBeHiddenAsync();

        await page.GetByLabel("API key").FillAsync(DashboardHost.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Expect(page.GetByText("ops (Admin)")).ToBeVisibleAsync();

        // The session survives a reload (the cookie), and signing out ends it.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("API key")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByLabel("API key")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_admin_deploys_an_instance_through_the_form_after_a_validation_error_shown_on_its_field()
    {
        var page = await browser.PageAsync(_host, DashboardHost.AdminKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Instances" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Deploy instance" }).ClickAsync();

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Deploy instance" });
        await form.GetByLabel("Instance id").FillAsync("acme");
        await form.GetByLabel("Flow").SelectOptionAsync("order-push");
        await form.GetByLabel("Customer", new() { Exact = true }).FillAsync("Acme Corp");
        await form.GetByLabel("Shop Url").FillAsync("not a url");
        await form.GetByLabel("Batch Size").FillAsync("500");
        await form.GetByRole(AriaRole.Button, new() { Name = "Deploy" }).ClickAsync();

        // The server's validation problem lands on the fields the flow's configuration schema generated; nothing was deployed.
        await Expect(form.GetByLabel("Shop Url")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.GetByLabel("Batch Size")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Null(await _host.Services.GetRequiredService<IInstanceStore>().GetAsync("acme"));

        await form.GetByLabel("Shop Url").FillAsync("https://acme.example/shop");
        await form.GetByLabel("Batch Size").FillAsync("20");
        await form.GetByRole(AriaRole.Button, new() { Name = "Deploy" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Instance acme" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Its webhook secret, shown this once: whsec_");

        var stored = await _host.Services.GetRequiredService<IInstanceStore>().GetAsync("acme");
        Assert.NotNull(stored);
        Assert.Equal(("order-push", "Acme Corp", true), (stored.FlowName, stored.Customer, stored.Enabled));
        Assert.Equal("https://acme.example/shop", JsonDocument.Parse(stored.ConfigurationJson).RootElement.GetProperty("shopUrl").GetString());

        // And it can be disabled from the list.
        await page.GetByRole(AriaRole.Link, new() { Name = "Instances" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable acme" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Enable acme" })).ToBeVisibleAsync();
        Assert.False((await _host.Services.GetRequiredService<IInstanceStore>().GetAsync("acme"))!.Enabled);
    }

    [Fact]
    public async Task An_execution_appears_live_after_a_signed_webhook_and_opens_with_its_outcome()
    {
        await _host.DeployAsync("globex", Secret);
        var page = await browser.PageAsync(_host, DashboardHost.AdminKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Executions" }).ClickAsync();
        await Expect(page.GetByText("Live: new executions appear here")).ToBeVisibleAsync();
        await Expect(page.GetByText("No executions match yet.")).ToBeVisibleAsync();

        var executionId = await _host.PostOrderAsync("globex", Secret, new Order(42));

        // No reload: the row arrives over server-sent events, and turns Completed when the run ends.
        var row = page.Locator($"tr[data-id='{executionId}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.GetByText("Completed")).ToBeVisibleAsync();
        await Expect(row.GetByRole(AriaRole.Cell, new() { Name = "globex" })).ToBeVisibleAsync();

        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Execution", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText(executionId.ToString())).ToBeVisibleAsync();
        await Expect(page.GetByText("webhook", new() { Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_dead_letter_is_inspected_and_replayed_and_a_selection_is_replayed_at_once()
    {
        await _host.DeployAsync("initech", Secret);
        var first = await _host.PostOrderAsync("initech", Secret, new Order(1, "fail"));
        var second = await _host.PostOrderAsync("initech", Secret, new Order(2, "fail"));
        var third = await _host.PostOrderAsync("initech", Secret, new Order(3, "fail"));
        await Task.WhenAll(_host.DeadLetters.StoredAsync(first), _host.DeadLetters.StoredAsync(second), _host.DeadLetters.StoredAsync(third));
        var letters = _host.Services.GetRequiredService<IDeadLetterStore>();
        var byExecution = (await letters.QueryDeadLettersAsync(new DeadLetterQuery { InstanceId = "initech" })).ToDictionary(l => l.ExecutionId, l => l.Id);

        var page = await browser.PageAsync(_host, DashboardHost.AdminKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Dead letters" }).ClickAsync();
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Dead letters" });
        await Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(4);

        // Inspect one: its error and its payload.
        await table.GetByRole(AriaRole.Row).Filter(new() { HasText = "refused order 1" }).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dead letter" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Payload")).ToContainTextAsync("\"number\": 1");
        await Expect(page.Locator("pre.error")).ToContainTextAsync("The shop at https://shop.example/api refused order 1");

        // Replay it from its page.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Replay {byExecution[first]}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Replayed as execution");
        Assert.Equal(1, (await letters.GetDeadLetterAsync(byExecution[first]))!.ReplayCount);

        // Replay the other two as a selection.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dead letters" }).ClickAsync();
        await page.GetByLabel($"Select dead letter {byExecution[second]}").CheckAsync();
        await page.GetByLabel($"Select dead letter {byExecution[third]}").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Replay selected" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Replayed 2 of 2.");
        Assert.Equal(1, (await letters.GetDeadLetterAsync(byExecution[second]))!.ReplayCount);
        Assert.Equal(1, (await letters.GetDeadLetterAsync(byExecution[third]))!.ReplayCount);
    }

    [Fact]
    public async Task A_reader_sees_no_change_buttons_and_the_server_refuses_its_changes()
    {
        await _host.DeployAsync("umbrella", Secret);
        var failed = await _host.PostOrderAsync("umbrella", Secret, new Order(9, "fail"));
        await _host.DeadLetters.StoredAsync(failed);

        var page = await browser.PageAsync(_host, DashboardHost.ReaderKey);
        await Expect(page.GetByText("viewer (Reader)")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Instances" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "umbrella" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Deploy instance" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Disable umbrella" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "umbrella" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Instance umbrella" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Edit instance" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button)).ToHaveCountAsync(1); // Sign out only

        await page.GetByRole(AriaRole.Link, new() { Name = "Dead letters" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Dead letters" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Replay selected" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Replay" })).ToHaveCountAsync(0);

        // The same session posting by hand, with its CSRF token: refused by the server, and nothing changed.
        var letterId = (await _host.Services.GetRequiredService<IDeadLetterStore>().QueryDeadLettersAsync(new DeadLetterQuery { InstanceId = "umbrella" })).Single().Id;
        var statuses = await page.EvaluateAsync<int[]>(
            """
            async ([letter]) => {
              const session = await (await fetch('/manage/ui/session')).json();
              const post = (path) => fetch(path, { method: 'POST', headers: { 'X-CSRF-Token': session.csrfToken } }).then(r => r.status);
              return [await post('/manage/instances/umbrella/disable'), await post(`/manage/dead-letters/${letter}/replay`)];
            }
            """,
            new object[] { letterId.ToString() });
        Assert.Equal([403, 403], statuses);
        Assert.True((await _host.Services.GetRequiredService<IInstanceStore>().GetAsync("umbrella"))!.Enabled);
        Assert.Equal(0, (await _host.Services.GetRequiredService<IDeadLetterStore>().GetDeadLetterAsync(letterId))!.ReplayCount);
    }
}
