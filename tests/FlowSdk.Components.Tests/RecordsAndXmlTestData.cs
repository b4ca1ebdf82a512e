namespace FlowSdk.Components.Tests;

/// <summary>The records and XML tests' input files (Data/, copied to the output folder).</summary>
internal static class TestData
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    public static FileStream Open(string name) => File.OpenRead(PathOf(name));

    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
