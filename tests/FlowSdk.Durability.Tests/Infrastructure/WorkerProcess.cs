using System.Diagnostics;

namespace FlowSdk.Durability.Tests;

/// <summary>
/// One worker as a real child process (<c>dotnet FlowSdk.Durability.Worker.dll</c>), listening on a free loopback port
/// it picks itself. Its output goes to a log file and is kept for waits and failure messages. Kill sends SIGKILL;
/// Pause and Resume send SIGSTOP and SIGCONT.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<string> _output = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _closed;

    private WorkerProcess(WorkerSpec spec, Process process, StreamWriter log)
    {
        Spec = spec;
        _process = process;
        _log = log;
    }

    public WorkerSpec Spec { get; }

    public string NodeId => Spec.NodeId;

    public int Pid => _process.Id;

    /// <summary>Where it listens; known once <see cref="StartAsync"/> returned.</summary>
    public Uri BaseAddress => _listening.Task.IsCompletedSuccessfully ? _listening.Task.Result : throw new InvalidOperationException($"{NodeId} is not listening.");

    public bool HasExited => _process.HasExited;

    /// <summary>When it was killed by the test, or null.</summary>
    public DateTimeOffset? KilledAt { get; private set; }

    /// <summary>
    /// Starts the worker and returns once it listens; with <paramref name="mayExit"/>, also once it exited before that
    /// (a poison message can kill it while it starts: its claims begin before Kestrel listens).
    /// </summary>
    public static async Task<WorkerProcess> StartAsync(WorkerSpec spec, string logFolder, bool mayExit = false)
    {
        Assert.True(File.Exists(Paths.WorkerAssembly), $"The worker is not built at {Paths.WorkerAssembly}.");
        Directory.CreateDirectory(logFolder);
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = logFolder,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Paths.WorkerAssembly);
        foreach (var argument in spec.Arguments())
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var log = new StreamWriter(Path.Combine(logFolder, spec.NodeId + ".log"), append: true) { AutoFlush = true };
        var worker = new WorkerProcess(spec, new Process { StartInfo = info, EnableRaisingEvents = true }, log);
        worker._process.OutputDataReceived += (_, e) => worker.OnLine(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.OnLine(e.Data);
        worker._process.Exited += (_, _) => worker._listening.TrySetException(
            new InvalidOperationException($"Worker {spec.NodeId} exited before it listened. Its output:\n{worker.Tail(60)}"));
        worker._process.Start();
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        try
        {
            await worker._listening.Task.WaitAsync(StartTimeout);
        }
        catch (InvalidOperationException) when (mayExit && worker.HasExited)
        {
            return worker;
        }
        catch (TimeoutException)
        {
            await worker.DisposeAsync();
            throw new TimeoutException($"Worker {spec.NodeId} did not listen within {StartTimeout.TotalSeconds} s. Its output:\n{worker.Tail(60)}");
        }

        return worker;
    }

    /// <summary>SIGKILL: the process ends at once, nothing flushed, no shutdown code runs.</summary>
    public void Kill()
    {
        KilledAt = DateTimeOffset.UtcNow;
        _process.Kill();
    }

    /// <summary>SIGSTOP: the process is frozen (a long GC pause, a VM stall) until <see cref="Resume"/>.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT: a paused process carries on where it stopped.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    /// <summary>Waits for the process to end (after a kill, or a crash of its own).</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
    }

    /// <summary>Whether any output line so far matches.</summary>
    public bool Printed(Func<string, bool> match)
    {
        lock (_gate)
        {
            return _output.Any(match);
        }
    }

    /// <summary>How many output lines so far match.</summary>
    public int CountPrinted(Func<string, bool> match)
    {
        lock (_gate)
        {
            return _output.Count(match);
        }
    }

    /// <summary>The last lines it printed.</summary>
    public string Tail(int count)
    {
        lock (_gate)
        {
            return string.Join('\n', _output.Skip(Math.Max(0, _output.Count - count)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
        lock (_gate)
        {
            _closed = true;
            _log.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Add(line);
            if (!_closed)
            {
                _log.WriteLine(line);
            }
        }

        const string Listening = "Now listening on: ";
        var at = line.IndexOf(Listening, StringComparison.Ordinal);
        if (at >= 0)
        {
            _listening.TrySetResult(new Uri(line[(at + Listening.Length)..].Trim()));
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.True(kill.ExitCode == 0, $"kill {signal} {Pid} failed with {kill.ExitCode}.");
    }
}
