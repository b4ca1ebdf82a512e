namespace FlowSdk;

/// <summary>
/// Base of the attributes that declare what a flow needs from each of its instances (secrets, connections). The
/// generator hands every one on the flow class to hosts through <see cref="FlowDefinition.Declarations"/>, with the
/// values the user wrote, so hosts never read attributes through reflection.
/// </summary>
/// <remarks>A derived attribute's constructor and property values must be constants the compiler can spell back.</remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public abstract class FlowDeclarationAttribute : Attribute
{
}
