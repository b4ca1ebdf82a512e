using System.Reflection;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Instances.Hosting.Tests;

/// <summary>
/// One event id names one message in a whole worker: each package logs within its own range, declared by its internal
/// <c>LogEvents</c> class (<c>First</c>, <c>Last</c>). This project references every package under src/, so it sees them all.
/// </summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void Every_log_event_id_is_unique_across_packages_and_inside_its_packages_range()
    {
        var problems = new List<string>();
        var messages = new List<(string Package, string Method, int Id)>();
        var ranges = new List<(string Package, int First, int Last)>();
        foreach (var package in RuntimePackageNames())
        {
            Assembly assembly;
            try
            {
                assembly = Assembly.Load(new AssemblyName(package));
            }
            catch (FileNotFoundException)
            {
                problems.Add($"{package} is not referenced by this test project: add a ProjectReference to src/{package}/{package}.csproj");
                continue;
            }

            var own = LoggerMessages(assembly).Select(m => (package, m.Method, m.Id)).ToList();
            messages.AddRange(own);
            var declared = assembly.GetTypes().Where(t => t.Name == "LogEvents").ToList();
            if (declared.Count == 0)
            {
                if (own.Count != 0)
                {
                    problems.Add($"{package} logs {own.Count} message(s) but declares no LogEvents class with its range");
                }

                continue;
            }

            if (declared.Count > 1)
            {
                problems.Add($"{package} declares {declared.Count} LogEvents classes");
                continue;
            }

            var first = (int)declared[0].GetField("First")!.GetRawConstantValue()!;
            var last = (int)declared[0].GetField("Last")!.GetRawConstantValue()!;
            if (first > last || first <= 0)
            {
                problems.Add($"{package} declares the range {first}–{last}");
            }

            ranges.Add((package, first, last));
            problems.AddRange(own.Where(m => m.Id < first || m.Id > last).Select(m => $"{m.Method} in {package} uses event id {m.Id}, outside {first}–{last}"));
        }

        foreach (var (a, b) in ranges.SelectMany((a, i) => ranges.Skip(i + 1).Select(b => (a, b))))
        {
            if (a.First <= b.Last && b.First <= a.Last)
            {
                problems.Add($"the ranges of {a.Package} ({a.First}–{a.Last}) and {b.Package} ({b.First}–{b.Last}) overlap");
            }
        }

        foreach (var duplicate in messages.GroupBy(m => m.Id).Where(g => g.Count() > 1))
        {
            problems.Add($"event id {duplicate.Key} is used by {string.Join(", ", duplicate.Select(m => $"{m.Method} ({m.Package})"))}");
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));

        // The reflection does see the generated loggers: the runtime's execution messages are among them.
        Assert.Contains(messages, m => m.Package == "FlowSdk.Hosting" && m.Method.EndsWith(".ExecutionFinished", StringComparison.Ordinal));
        Assert.Contains(ranges, r => r.Package == "FlowSdk.Instances.Hosting");
    }

    /// <summary>The assembly names of the projects under src/: every package FlowSdk ships.</summary>
    private static List<string> RuntimePackageNames()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FlowSdk.sln")))
            {
                var names = Directory.GetFiles(Path.Combine(dir.FullName, "src"), "*.csproj", SearchOption.AllDirectories)
                    .Select(Path.GetFileNameWithoutExtension)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                Assert.NotEmpty(names);
                return names!;
            }
        }

        throw new InvalidOperationException("FlowSdk.sln not found above " + AppContext.BaseDirectory);
    }

    private static IEnumerable<(string Method, int Id)> LoggerMessages(Assembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(all))
            {
                if (method.GetCustomAttribute<LoggerMessageAttribute>() is { } message)
                {
                    yield return ($"{type.FullName}.{method.Name}", message.EventId);
                }
            }
        }
    }
}
