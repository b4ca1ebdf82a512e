using System.Security.Cryptography;
using FlowSdk.Instances.Webhooks;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>
/// The comparison every built-in scheme makes between the MAC it computed and the one a request sent: equal only when
/// all 32 bytes are, whichever byte or bit differs, and never for a value of another length.
/// </summary>
public sealed class MacEqualsTests
{
    [Fact]
    public void Equal_macs_are_equal()
    {
        var mac = RandomNumberGenerator.GetBytes(32);
        Assert.True(WebhookSchemeMath.MacEquals(mac, (byte[])mac.Clone()));
    }

    [Fact]
    public void One_bit_flipped_anywhere_makes_them_differ()
    {
        var mac = RandomNumberGenerator.GetBytes(32);
        for (var bit = 0; bit < 32 * 8; bit++)
        {
            var given = (byte[])mac.Clone();
            given[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(WebhookSchemeMath.MacEquals(mac, given), $"bit {bit} flipped was taken as equal");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void A_value_of_another_length_is_never_equal(int length)
    {
        var mac = new byte[32];
        Assert.False(WebhookSchemeMath.MacEquals(mac, new byte[length]));
        Assert.False(WebhookSchemeMath.MacEquals(new byte[length], mac));
    }
}
