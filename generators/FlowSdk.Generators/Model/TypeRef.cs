namespace FlowSdk.Generators.Model;

/// <summary>A type as the emitter spells it: never an ITypeSymbol, so the model stays equatable.</summary>
/// <param name="FullName">Fully qualified with <c>global::</c> and nullable annotations, for declarations.</param>
/// <param name="TypeOfName">Fully qualified without nullable reference annotations, for <c>typeof</c>.</param>
internal sealed record TypeRef(string FullName, string TypeOfName);
