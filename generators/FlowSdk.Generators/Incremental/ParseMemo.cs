using System.Collections.Generic;
using System.Threading;
using FlowSdk.Generators.Model;

namespace FlowSdk.Generators.Incremental;

/// <summary>
/// The last model parsed for each flow candidate in the current <see cref="ParseEnvironment"/>, with the shape of every
/// file in its <see cref="FlowDependencies"/>. After an edit that changes a shape (a signature, say), the incremental
/// pipeline asks for every flow again; a flow whose dependencies all kept their shape gets its last model back instead of
/// being parsed in the new compilation, so only the flows that depend on the edited file are parsed again. When some
/// file starts or stops declaring a name, only the flows whose dependency files use that name are forgotten.
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
            if (!ReferenceEquals(shape.Environment, _environment))
            {
                if (!shape.Environment.Equals(_environment))
                {
                    Forget(shape.Environment.ChangedNames(_environment), shape);
                }

                _environment = shape.Environment;
            }

            if (_entries.TryGetValue(candidate, out var last) && last.IsCurrent(shape))
            {
                return last.Spec;
            }
        }

        Interlocked.Increment(ref _parsed);
        var (spec, files) = parse(candidate, shape);
        var dependencies = files is null ? null : Hashes(files, shape);
        lock (_gate)
        {
            if (dependencies is null || !ReferenceEquals(shape.Environment, _environment))
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

    /// <summary>
    /// Drops the entries the new environment may have changed: all of them when more than names changed
    /// (<paramref name="changed"/> null), otherwise those whose dependency files use a name some file started or
    /// stopped declaring, or that changed shape. Deleting a class changes the names, so the classes that are gone go too.
    /// </summary>
    private void Forget(HashSet<string>? changed, CompilationShape shape)
    {
        if (changed is null)
        {
            _entries.Clear();
            return;
        }

        if (changed.Count == 0)
        {
            return;
        }

        var stale = new List<FlowCandidate>();
        foreach (var entry in _entries)
        {
            if (!entry.Value.IsCurrent(shape) || entry.Value.Uses(changed, shape))
            {
                stale.Add(entry.Key);
            }
        }

        foreach (var candidate in stale)
        {
            _entries.Remove(candidate);
        }
    }

    /// <summary>Each file's shape hash, or null when a file has none to compare (not a source of the compilation, or ambiguous).</summary>
    private static (string Path, string Hash)[]? Hashes(string[] files, CompilationShape shape)
    {
        var hashes = new (string Path, string Hash)[files.Length];
        for (var i = 0; i < files.Length; i++)
        {
            if (shape.SourceOf(files[i]) is not { } source)
            {
                return null;
            }

            hashes[i] = (files[i], source.Hash);
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
                if (shape.SourceOf(path)?.Hash != hash)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether a dependency file (current, so as parsed) uses one of <paramref name="names"/> outside its bodies.</summary>
        public bool Uses(HashSet<string> names, CompilationShape shape)
        {
            foreach (var (path, _) in dependencies)
            {
                var identifiers = shape.SourceOf(path)!.Identifiers;
                foreach (var name in names)
                {
                    if (Contains(identifiers, name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool Contains(ImmutableEquatableArray<string> sorted, string name)
        {
            int low = 0, high = sorted.Count - 1;
            while (low <= high)
            {
                var middle = low + ((high - low) >> 1);
                var order = string.CompareOrdinal(sorted[middle], name);
                if (order == 0)
                {
                    return true;
                }

                if (order < 0)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return false;
        }
    }
}
