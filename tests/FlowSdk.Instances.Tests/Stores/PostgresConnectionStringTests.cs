using FlowSdk.Storage.PostgreSql;
using Npgsql;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>
/// The PostgreSQL store turns on Npgsql's automatic statement preparation unless the connection string says otherwise.
/// Without it every statement is parsed and planned on every call, which costs more than running it.
/// </summary>
public sealed class PostgresConnectionStringTests
{
    [Theory]
    [InlineData("Host=db;Database=flowsdk")]
    [InlineData("Host=db;Database=flowsdk;Search Path=tenant_a;Pooling=true")]
    public void A_connection_string_without_the_keyword_gets_automatic_preparation(string given)
    {
        var effective = new NpgsqlConnectionStringBuilder(PostgresFlowStore.WithAutoPrepare(given));

        Assert.Equal(64, effective.MaxAutoPrepare);
        Assert.Equal("db", effective.Host);
        Assert.Equal("flowsdk", effective.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;max auto prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=10", 10)]
    [InlineData("Host=db;Max Auto Prepare=200", 200)]
    public void A_connection_string_that_sets_the_keyword_keeps_its_value(string given, int expected)
    {
        var effective = new NpgsqlConnectionStringBuilder(PostgresFlowStore.WithAutoPrepare(given));

        Assert.Equal(expected, effective.MaxAutoPrepare);
    }
}
