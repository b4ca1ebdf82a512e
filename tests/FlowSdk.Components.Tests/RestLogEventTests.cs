using System.Reflection;
using FlowSdk.Components.Rest;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Components.Tests;

public sealed class RestLogEventTests
{
    [Fact]
    public void Rest_event_ids_are_unique_and_inside_the_rest_range()
    {
        var ids = typeof(RestClient).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(RestClient).Namespace)
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Select(a => a.EventId)
            .ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(id, 7200, 7299));
    }
}
