using System.Globalization;
using System.Text;

namespace FlowSdk.Durability.Worker;

/// <summary>
/// The append-only file the steps write what they did to, one line per event: <c>kind key delivery nodeId unixMs</c>.
/// Each line is written and flushed on its own, so once a step returns its line is in the operating system and a
/// SIGKILL right after cannot take it back. Give each process a file of its own: .NET's FileStream writes at the offset
/// it keeps itself (pwrite), not with O_APPEND, so two processes appending to one file would overwrite each other's lines.
/// </summary>
public sealed class Journal : IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _gate = new();
    private readonly string _nodeId;
    private readonly TimeProvider _time;

    public Journal(WorkerSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _nodeId = settings.NodeId;
        _time = time;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.JournalPath))!);

        // Append: a process started again on the same file keeps the lines already there.
        _file = new FileStream(settings.JournalPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
    }

    /// <summary>Appends one line and flushes it.</summary>
    public void Write(string kind, string key, int delivery)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{kind} {key} {delivery} {_nodeId} {_time.GetUtcNow().ToUnixTimeMilliseconds()}\n");
        var bytes = Encoding.UTF8.GetBytes(line);
        lock (_gate)
        {
            // One write call per line: a reader never sees half a line followed by another step's line.
            _file.Write(bytes);
            _file.Flush();
        }
    }

    /// <summary>Appends one line keyed by an execution id.</summary>
    public void Write(string kind, Guid executionId, int delivery) => Write(kind, executionId.ToString("D"), delivery);

    public void Dispose() => _file.Dispose();
}
