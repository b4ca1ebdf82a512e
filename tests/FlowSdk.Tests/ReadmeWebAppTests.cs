using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using FlowSdk.Testing;

namespace FlowSdk.Tests;

/// <summary>
/// The README's complete web app, built from the README's own text against the packed packages in a fresh project
/// (flows with only <c>using FlowSdk;</c>, a Program.cs with no using at all), run as a process and driven over HTTP as
/// its reader would: a webhook flow, then an instance deployed through the management API and sent a signed order with
/// the README's own shell commands (bash, curl, sed, base64, od, openssl).
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

        // The rest is the README's own shell commands, run against this app.
        var tour = TourCommands(http.BaseAddress!.ToString().TrimEnd('/'));

        // An instance deployed at run time without a webhook secret: the 201 answer carries the generated one, which
        // the README's command takes out of the JSON.
        var deploy = tour.Single(c => c.StartsWith("secret=$(", StringComparison.Ordinal));
        var secret = (await Shell.RunAsync(deploy + "\nprintf '%s' \"$secret\"", ("key", AdminKey))).Trim();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);

        // The instance's webhook answers once the node's catalog has read the change (one poll, 250 ms by default).
        await app.WaitForLineAsync("Applied 1 instance changes");

        // Signed as the README shows (Standard Webhooks with openssl), then the same request again: a redelivery of
        // its webhook-id, answered like the first. (curl -i prints each answer's body without a line break after it.)
        var send = tour.SkipWhile(c => !c.StartsWith("body=", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("curl ", send[^1], StringComparison.Ordinal);
        var sent = await Shell.RunAsync(string.Join('\n', send) + "\n" + send[^1], ("secret", secret));
        var answers = Regex.Matches(sent, "HTTP/[0-9.]+ ([0-9]{3}) ").Select(m => m.Groups[1].Value).ToList();
        Assert.True(answers is ["202", "202"], sent);
        var executions = Regex.Matches(sent, "\"executionId\":\"([0-9a-f-]{36})\"").Select(m => m.Groups[1].Value).ToList();
        Assert.True(executions.Count == 2 && executions[0] == executions[1], sent);
        await app.WaitForLineAsync("Shop acme: order B2 ships free");

        // A flow that takes an instance's settings has no route without an instance.
        using var unbound = await http.PostAsync("/hooks/shop-orders", Json("""{"id":"B2","total":20}"""));
        Assert.Equal(HttpStatusCode.NotFound, unbound.StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>
    /// The commands of the README's tour block (lines continued with a backslash joined into one), with its address
    /// replaced by <paramref name="address"/>.
    /// </summary>
    private static List<string> TourCommands(string address)
    {
        var readme = File.ReadAllText(Path.Combine(PackedFeed.FindRepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        var start = readme.IndexOf("```bash\n", readme.IndexOf("deploy a shop and send it a signed order:", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(start >= 0, "The README's tour has no bash block.");
        start += "```bash\n".Length;
        var block = readme[start..readme.IndexOf("\n```", start, StringComparison.Ordinal)].Replace("localhost:5000", address, StringComparison.Ordinal);
        return [.. Regex.Split(block, @"(?<!\\)\n").Where(c => c.Length > 0 && !c.StartsWith('#'))];
    }

    /// <summary>Runs a bash script (<c>-e -o pipefail</c>) and returns its standard output.</summary>
    private static class Shell
    {
        public static async Task<string> RunAsync(string script, params (string Name, string Value)[] variables)
        {
            var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-e", "-o", "pipefail", "-c", script })
            {
                info.ArgumentList.Add(argument);
            }

            foreach (var (name, value) in variables)
            {
                info.Environment[name] = value;
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Patience);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"bash exited with {process.ExitCode}:\n{script}\n{await error}");
            return await output;
        }
    }

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
