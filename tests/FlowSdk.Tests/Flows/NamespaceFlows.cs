using FlowSdk;

#pragma warning disable CA1050 // A flow in the global namespace is a supported case under test.
[Flow("global")]
public sealed partial class GlobalFlow
{
    [Step] public string Echo(string text) => "global:" + text;
}
#pragma warning restore CA1050

namespace FlowSdk.Tests.Flows.Left
{
    [Flow("same-name-left")]
    public sealed partial class SameName
    {
        [Step] public string Echo(string text) => "left:" + text;
    }
}

namespace FlowSdk.Tests.Flows.Right
{
    [Flow("same-name-right")]
    public sealed partial class SameName
    {
        [Step] public int Echo(int value) => -value;
    }
}
