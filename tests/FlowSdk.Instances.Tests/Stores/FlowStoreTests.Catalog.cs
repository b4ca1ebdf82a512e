using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>How far a node trusts its view of the instances.</summary>
public abstract partial class FlowStoreTests
{
    [Fact]
    public async Task The_catalog_is_current_only_once_loaded_and_stops_being_current_past_its_staleness_limit()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new InstanceCatalogOptions { MaxStaleness = TimeSpan.FromSeconds(30) };
        await Store.DeployAsync(Deployment("acme"));
        using var catalog = new InstanceCatalog(Store, Options.Create(options), clock, NullLogger<InstanceCatalog>.Instance);

        Assert.False(catalog.IsLoaded);
        Assert.False(catalog.IsCurrent);
        Assert.Null(catalog.RefreshedAt);

        await catalog.RefreshAsync();
        Assert.True(catalog.IsCurrent);
        Assert.Equal(clock.GetUtcNow(), catalog.RefreshedAt);

        // Nothing changed, but a successful read still confirms the view.
        clock.Advance(TimeSpan.FromSeconds(20));
        await catalog.RefreshAsync();
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(catalog.IsCurrent);

        // No read for longer than the limit (the store was down): the view is no longer trusted.
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.False(catalog.IsCurrent);
        Assert.True(catalog.IsLoaded);
        await catalog.RefreshAsync();
        Assert.True(catalog.IsCurrent);
    }
}
