using System.Reflection;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Components.Tests;

public sealed class RecordsAndXmlLogEventTests
{
    [Theory]
    [InlineData("FlowSdk.Components.Records.RecordsLog", 7001, 7099)]
    [InlineData("FlowSdk.Components.Xml.XmlLog", 7100, 7199)]
    public void Event_ids_are_unique_and_inside_their_range(string type, int first, int last)
    {
        var ids = typeof(FlowSdk.Components.Records.CsvRecords).Assembly.GetType(type, throwOnError: true)!
            .GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>()?.EventId)
            .OfType<int>()
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, first, last));
    }
}
