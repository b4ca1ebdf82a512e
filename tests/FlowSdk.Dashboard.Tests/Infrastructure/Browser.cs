using Microsoft.Playwright;

namespace FlowSdk.Dashboard.Tests;

/// <summary>
/// One headless Chromium for the test run: Debian's package (.ci/chromium.sh), driven by Playwright through
/// LaunchOptions.ExecutablePath. A missing browser fails the tests with a message saying how to get one.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Instance { get; private set; } = null!;

    public static string ExecutablePath()
    {
        string?[] candidates = [Environment.GetEnvironmentVariable("FLOWSDK_CHROMIUM"), "/usr/lib/chromium/chromium", "/usr/bin/chromium"];
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c))
            ?? throw new InvalidOperationException(
                "No Chromium found: set FLOWSDK_CHROMIUM to a Chromium executable, or run 'source .ci/chromium.sh' (installs Debian's chromium with apt-get).");
    }

    public async Task InitializeAsync()
    {
        var path = ExecutablePath();
        _playwright = await Playwright.CreateAsync();
        Instance = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh page in its own context (own cookies), signed in with <paramref name="apiKey"/> unless null.</summary>
    public async Task<IPage> PageAsync(DashboardHost host, string? apiKey)
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(host.Ui);
        if (apiKey is not null)
        {
            await page.GetByLabel("API key").FillAsync(apiKey);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        }

        return page;
    }

    public async Task DisposeAsync()
    {
        if (Instance is not null)
        {
            await Instance.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Browser>
{
    public const string Name = "browser";
}
