using System.Collections.Generic;
using System.Threading;
using FlowSdk.Generators.Model;

namespace FlowSdk.Generators.Incremental;

/// <summary>
/// The last model parsed for each flow candidate in the current <see cref="ParseEnvironment"/>, with the shape of every
/// file in its <see cref="FlowDependencies"/>. After an edit that changes a shape (a signature, say), the incremental
/// pipeline asks for every flow again; while the environment is the same, a flow whose dependencies all kept their
/// shape gets its last model back instead of being parsed in the new compilation, so only the flows that depend on the
/// edited file are parsed again.
/// </summary>
/// <remarks>
/// One per pipeline (<see cref="FlowGenerator.Initialize"/>): a generator instance shared by several projects keeps
/// their flows apart. Holds models and file hashes, never symbols or compilations.
/// </remarks>
internal sealed class ParseMemo
{
    private readonly Dictionary<FlowCandidate, Entry> _entries = new();
    private readonly object _gate = new();
    private ParseEnvironment? _environment;
    private int _parsed;

    /// <summary>How many times a candidate was parsed rather than taken from here.</summary>
    public int Parsed => Volatile.Read(ref _parsed);

    /// <summary>
    /// The model of <paramref name="candidate"/> in <paramref name="shape"/>'s compilation: the last one when nothing it
    /// depends on changed, otherwise <paramref name="parse"/>'s, which also names the files the model depends on.
    /// </summary>
    public FlowSpec? Get(FlowCandidate candidate, CompilationShape shape, System.Func<FlowCandidate, CompilationShape, (FlowSpec? Spec, string[]? Files)> parse)
    {
        lock (_gate)
        {
            // Another environment: no entry can be current any more. Deleting a class changes the names, so this also
            // forgets the classes that are gone.
            if (!shape.Environment.Equals(_environment))
            {
                _entries.Clear();
                _environment = shape.Environment;
            }
            else if (_entries.TryGetValue(candidate, out var last) && last.IsCurrent(shape))
            {
                return last.Spec;
            }
        }

        Interlocked.Increment(ref _parsed);
        var (spec, files) = parse(candidate, shape);
        var dependencies = files is null ? null : Hashes(files, shape);
        lock (_gate)
        {
            if (dependencies is null || !shape.Environment.Equals(_environment))
            {
                _entries.Remove(candidate);
            }
            else
            {
                _entries[candidate] = new Entry(dependencies, spec);
            }
        }

        return spec;
    }

    /// <summary>Each file's shape hash, or null when a file has none to compare (not a source of the compilation, or ambiguous).</summary>
    private static (string Path, string Hash)[]? Hashes(string[] files, CompilationShape shape)
    {
        var hashes = new (string Path, string Hash)[files.Length];
        for (var i = 0; i < files.Length; i++)
        {
            if (shape.HashOf(files[i]) is not { } hash)
            {
                return null;
            }

            hashes[i] = (files[i], hash);
        }

        return hashes;
    }

    private sealed class Entry((string Path, string Hash)[] dependencies, FlowSpec? spec)
    {
        public FlowSpec? Spec { get; } = spec;

        /// <summary>Whether every file the model depends on has the shape it was parsed against.</summary>
        public bool IsCurrent(CompilationShape shape)
        {
            foreach (var (path, hash) in dependencies)
            {
                if (shape.HashOf(path) != hash)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
