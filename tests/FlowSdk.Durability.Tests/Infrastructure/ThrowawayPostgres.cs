using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace FlowSdk.Durability.Tests;

/// <summary>
/// A PostgreSQL cluster of the test's own, on a free port in a temporary folder, started with the repository's
/// <c>.ci/postgres.sh</c> (<c>FLOWSDK_PG_PORT</c>, <c>FLOWSDK_PG_DIR</c>), so stopping it under load disturbs no other
/// test. Stop is <c>pg_ctl stop -m immediate</c> (the server dies without a checkpoint, as in a crash), run as the
/// user the script runs the server as. Removed with its folder at the end.
/// </summary>
internal sealed partial class ThrowawayPostgres : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    private readonly int _port;
    private readonly string _folder;

    private ThrowawayPostgres(int port, string folder)
    {
        _port = port;
        _folder = folder;
    }

    /// <summary>The Npgsql connection string the script printed.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var cluster = new ThrowawayPostgres(FreePort(), Path.Combine(Path.GetTempPath(), "flowsdk-durability-pg-" + Guid.NewGuid().ToString("N")[..8]));
        try
        {
            await cluster.StartAgainAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>Starts the stopped server again on the same port and data (the script reuses an existing cluster).</summary>
    public async Task StartAgainAsync()
    {
        var output = await RunAsync("bash", [Path.Combine(Paths.Repository, ".ci", "postgres.sh")]);
        ConnectionString = ExportLine().Match(output) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($".ci/postgres.sh printed no connection string:\n{output}");
    }

    /// <summary>Stops the server at once: connections drop, nothing is checkpointed.</summary>
    public Task StopAsync() => RunAsync("bash", ["-c", StopScript("immediate")]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("bash", ["-c", StopScript("immediate") + " || true"]);
        }
        finally
        {
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
    }

    // As in .ci/postgres.sh: the newest installed server's pg_ctl, as the postgres user when running as root.
    private string StopScript(string mode) =>
        $$"""
        bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
        if [ "$(id -u)" -eq 0 ]; then as=(runuser -u postgres --); else as=(); fi
        "${as[@]}" "$bin/pg_ctl" -D '{{_folder}}/data' -m {{mode}} -w -t 60 stop
        """;

    private async Task<string> RunAsync(string file, string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["FLOWSDK_PG_PORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["FLOWSDK_PG_DIR"] = _folder;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("export FLOWSDK_POSTGRES='([^']*)'")]
    private static partial Regex ExportLine();
}
