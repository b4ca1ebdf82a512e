namespace FlowSdk;

/// <summary>
/// Names the <c>JsonSerializerContext</c> that reads this assembly's flow configuration types
/// (<see cref="FlowAttribute.Configuration"/>). The generated <c>AddFlows()</c> registers every declared configuration
/// type with it, so an instance's configuration is read without reflection (trimming- and AOT-safe). The context must
/// list each configuration type with <c>[JsonSerializable(typeof(T))]</c>. Without this attribute, configuration is read
/// by reflection-based System.Text.Json with web defaults (camelCase names, case-insensitive).
/// </summary>
/// <example><code>[assembly: FlowJsonContext(typeof(AppJson))]</code></example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class FlowJsonContextAttribute : Attribute
{
    /// <summary>Names the context.</summary>
    /// <param name="contextType">A class deriving from <c>System.Text.Json.Serialization.JsonSerializerContext</c>.</param>
    public FlowJsonContextAttribute(Type contextType) => ContextType = contextType;

    /// <summary>The context type.</summary>
    public Type ContextType { get; }
}
