using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FlowSdk.Dashboard.Tests;

/// <summary>
/// Renders the main pages with some history and captures them. With FLOWSDK_SCREENSHOTS=1 the pictures replace
/// docs/images/dashboard-*.png (the ones docs/dashboard.md shows); otherwise they go to a temp folder and are only checked.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(Browser browser) : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_main_pages_render_and_are_captured()
    {
        var folder = Environment.GetEnvironmentVariable("FLOWSDK_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "images")
            : Path.Combine(Path.GetTempPath(), "flowsdk-dashboard-screenshots", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);

        foreach (var (id, shop) in new[] { ("acme", "https://acme.example/shop"), ("globex", "https://globex.example/api"), ("initech", "https://initech.example/orders") })
        {
            await _host.DeployAsync(id, Secret, shop);
        }

        Guid failed = default;
        for (var i = 1; i <= 6; i++)
        {
            var instance = i % 3 == 0 ? "initech" : i % 2 == 0 ? "globex" : "acme";
            var execution = await _host.PostOrderAsync(instance, Secret, new Order(1000 + i, i == 3 ? "fail" : null));
            if (i == 3)
            {
                failed = execution;
            }
        }

        await _host.DeadLetters.StoredAsync(failed);
        var page = await browser.PageAsync(_host, DashboardHost.AdminKey);
        var written = new List<string>();

        async Task CaptureAsync(string name)
        {
            var path = Path.Combine(folder, $"dashboard-{name}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            written.Add(path);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Executions" }).ClickAsync();
        await Expect(page.Locator($"tr[data-id='{failed}']").GetByText("Failed")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Executions" }).GetByText("Completed")).ToHaveCountAsync(5);
        await CaptureAsync("executions");

        await page.Locator($"tr[data-id='{failed}']").GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Error" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Step timeline" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await CaptureAsync("execution");

        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Flows" })).ToContainTextAsync("order-push");
        await CaptureAsync("overview");

        await page.GetByRole(AriaRole.Link, new() { Name = "Instances" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "initech" })).ToBeVisibleAsync();
        await CaptureAsync("instances");

        await page.GetByRole(AriaRole.Link, new() { Name = "Deploy instance" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Deploy instance" });
        await form.GetByLabel("Instance id").FillAsync("umbrella");
        await form.GetByLabel("Flow").SelectOptionAsync("order-push");
        await form.GetByLabel("Shop Url").FillAsync("umbrella shop");
        await form.GetByRole(AriaRole.Button, new() { Name = "Deploy" }).ClickAsync();
        await Expect(form.GetByLabel("Shop Url")).ToHaveAttributeAsync("aria-invalid", "true");
        await CaptureAsync("deploy");

        await page.GetByRole(AriaRole.Link, new() { Name = "Dead letters" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Dead letters" })).ToContainTextAsync("refused order 1003");
        await CaptureAsync("dead-letters");

        foreach (var path in written)
        {
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.True(bytes.Length > 5_000, $"{path} is {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        }

        if (!folder.EndsWith(Path.Combine("docs", "images"), StringComparison.Ordinal))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FlowSdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("FlowSdk.sln not found above " + AppContext.BaseDirectory);
    }
}
