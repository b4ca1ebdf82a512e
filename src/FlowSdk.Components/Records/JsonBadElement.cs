namespace FlowSdk.Components.Records;

/// <summary>An element of a JSON array that could not be read as the record type; the elements after it go on.</summary>
/// <param name="Element">The 1-based position of the element in the array.</param>
/// <param name="Path">The JSON path inside the element where reading failed (<c>$.price</c>), when known.</param>
/// <param name="Reason">Why the element could not be read.</param>
public sealed record JsonBadElement(long Element, string? Path, string Reason);
