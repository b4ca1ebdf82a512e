using System.Globalization;

namespace FlowSdk.Durability.Tests;

/// <summary>One line a worker's step journaled: <c>kind key delivery nodeId unixMs</c> (see the worker's Journal.cs).</summary>
internal sealed record JournalLine(string Kind, string Key, int Delivery, string Node, DateTimeOffset At)
{
    public Guid ExecutionId => Guid.Parse(Key);

    public static JournalLine Parse(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 5)
        {
            throw new FormatException($"Not a journal line: '{line}'.");
        }

        return new JournalLine(parts[0], parts[1], int.Parse(parts[2], CultureInfo.InvariantCulture), parts[3],
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[4], CultureInfo.InvariantCulture)));
    }
}

/// <summary>A folder of journal files, one per worker process, read together.</summary>
internal sealed class Journal(string folder)
{
    public string FileOf(string nodeId) => Path.Combine(folder, nodeId + ".log");

    /// <summary>Every complete line of every process so far (a line still being written is left for the next read).</summary>
    public IReadOnlyList<JournalLine> Read()
    {
        var lines = new List<JournalLine>();
        if (!Directory.Exists(folder))
        {
            return lines;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.log"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            var end = text.LastIndexOf('\n');
            if (end < 0)
            {
                continue;
            }

            foreach (var line in text[..end].Split('\n'))
            {
                lines.Add(JournalLine.Parse(line));
            }
        }

        return lines;
    }

    /// <summary>The lines of one kind.</summary>
    public IReadOnlyList<JournalLine> Read(string kind) => [.. Read().Where(l => l.Kind == kind)];

    /// <summary>The webhook jobs <paramref name="nodeId"/> began and did not finish (if it is dead: never will).</summary>
    public IReadOnlyCollection<Guid> RunningOn(string nodeId)
    {
        var lines = Read().Where(l => l.Node == nodeId).ToList();
        var done = lines.Where(l => l.Kind == WorkerKeys.Lines.Job).Select(l => l.ExecutionId).ToHashSet();
        return [.. lines.Where(l => l.Kind == WorkerKeys.Lines.Begin && !done.Contains(l.ExecutionId)).Select(l => l.ExecutionId).Distinct()];
    }
}
