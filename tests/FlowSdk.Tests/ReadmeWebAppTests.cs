using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using FlowSdk.Testing;

namespace FlowSdk.Tests;

/// <summary>
/// The README's complete web app, built from the README's own text against the packed packages in a fresh project
/// (flows with only <c>using FlowSdk;</c>, a Program.cs with no using at all), run as a process and driven over HTTP as
/// its reader would: a webhook flow, then an instance deployed through the management API and sent a signed order.
/// </summary>
public sealed class ReadmeWebAppTests
{
    // The management API refuses to start with a key shorter than 32 characters.
    private const string AdminKey = "readme-admin-key-0123456789abcdef";

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task The_readme_web_app_runs_a_webhook_flow_and_an_instance_deployment()
    {
        var snippet = DocSnippetProject.Get("README.md#tour");
        Assert.DoesNotMatch(@"(?m)^\s*using\s+(?!FlowSdk;)", snippet.Files["Flows.cs"]);
        var project = snippet.Create();
        var build = project.Build();
        Assert.True(build.ExitCode == 0, build.Output);

        var secretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var app = AppProcess.Start(project.Directory,
            $"run -c Release --no-build -- --urls=http://127.0.0.1:0 --SecretKey={secretKey} --Management:ApiKeys:0:Key={AdminKey} --Management:ApiKeys:0:Role=Admin" +
            " --Logging:LogLevel:FlowSdk.Instances.InstanceCatalog=Debug"); // says when this node's catalog has seen a deployment
        var listening = await app.WaitForLineAsync("Now listening on: ");
        using var http = new HttpClient { BaseAddress = new Uri(listening[(listening.IndexOf("http", StringComparison.Ordinal))..].Trim()) };

        // The webhook flow: accepted, then run.
        using var order = await http.PostAsync("/hooks/orders", Json("""{"id":"A1","total":20}"""));
        Assert.Equal(HttpStatusCode.Accepted, order.StatusCode);
        Assert.Contains("executionId", await order.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.WaitForLineAsync("Order A1 shipped");

        // An instance deployed at run time, with its own settings and webhook secret.
        using var deploy = new HttpRequestMessage(HttpMethod.Post, "/manage/instances")
        {
            Content = Json("""{"id":"acme","flow":"shop-orders","configuration":{"freeShippingFrom":10},"secrets":{"webhook-secret":"a-long-random-secret"}}"""),
        };
        deploy.Headers.Add("X-Api-Key", AdminKey);
        using var deployed = await http.SendAsync(deploy);
        Assert.True(deployed.StatusCode == HttpStatusCode.Created, await deployed.Content.ReadAsStringAsync());

        // The instance's webhook answers once the node's catalog has read the change (one poll, 250 ms by default).
        await app.WaitForLineAsync("Applied 1 instance changes");

        // Signed as the README shows: HMAC-SHA256 over "{timestamp}.{body}" keyed with the instance's secret.
        const string body = """{"id":"B2","total":20}""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("a-long-random-secret"), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        using var signed = new HttpRequestMessage(HttpMethod.Post, "/hooks/shop-orders/acme") { Content = Json(body) };
        signed.Headers.Add("X-Flow-Timestamp", timestamp);
        signed.Headers.Add("X-Flow-Signature", signature);
        using var accepted = await http.SendAsync(signed);
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        await app.WaitForLineAsync("Shop acme: order B2 ships free");

        // A flow that takes an instance's settings has no route without an instance.
        using var unbound = await http.PostAsync("/hooks/shop-orders", Json(body));
        Assert.Equal(HttpStatusCode.NotFound, unbound.StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A running <c>dotnet</c> process whose output lines can be awaited.</summary>
    private sealed class AppProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
        private readonly StringBuilder _seen = new();

        private AppProcess(Process process) => _process = process;

        public static AppProcess Start(string directory, string arguments)
        {
            var info = new ProcessStartInfo("dotnet", arguments)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            info.Environment["DOTNET_NOLOGO"] = "1";
            info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            var app = new AppProcess(new Process { StartInfo = info });
            app._process.OutputDataReceived += (_, e) => { if (e.Data is not null) { app._lines.Writer.TryWrite(e.Data); } };
            app._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { app._lines.Writer.TryWrite(e.Data); } };
            app._process.EnableRaisingEvents = true;
            app._process.Exited += (_, _) => app._lines.Writer.TryComplete();
            app._process.Start();
            app._process.BeginOutputReadLine();
            app._process.BeginErrorReadLine();
            return app;
        }

        /// <summary>Reads output until a line contains <paramref name="text"/>, and returns that line.</summary>
        public async Task<string> WaitForLineAsync(string text)
        {
            using var timeout = new CancellationTokenSource(Patience);
            try
            {
                await foreach (var line in _lines.Reader.ReadAllAsync(timeout.Token))
                {
                    _seen.AppendLine(line);
                    if (line.Contains(text, StringComparison.Ordinal))
                    {
                        return line;
                    }
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
            }

            throw new Xunit.Sdk.XunitException($"The app never printed '{text}'. Its output:\n{_seen}");
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
