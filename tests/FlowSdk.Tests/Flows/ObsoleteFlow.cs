using System.Globalization;
using FlowSdk;

namespace FlowSdk.Tests.Flows;

/// <summary>The output of <see cref="ObsoleteStepsFlow"/>; obsolete without a message (CS0612).</summary>
[Obsolete]
public sealed record LegacyReceipt(string Text);

/// <summary>
/// Steps marked <c>[Obsolete]</c> (CS0612) and <c>[Obsolete("...")]</c> (CS0618), and an obsolete output type. This
/// project builds with TreatWarningsAsErrors, so it compiles only while the generated files keep those warnings out.
/// </summary>
[Flow("obsolete-steps")]
[ChannelTrigger]
public sealed partial class ObsoleteStepsFlow
{
    [Step]
    [Obsolete]
    public int Parse(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    [Filter]
    [Obsolete("Positive values only until the v2 feed.")]
    public bool IsPositive(int value) => value > 0;

    [Step]
    [Obsolete("Retried until the v2 client.")]
    [Retry(2, BaseDelayMilliseconds = 0)]
    public int Double(int value) => value * 2;

    [Step]
    [Obsolete("Receipts move to the v2 format.")]
    public async ValueTask<LegacyReceipt> Describe(int value, CancellationToken ct)
    {
        await Task.Yield();
        return new LegacyReceipt("receipt " + value.ToString(CultureInfo.InvariantCulture));
    }
}
