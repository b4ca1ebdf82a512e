namespace FlowSdk.Generators.Incremental;

/// <summary>A class declared with attributes: a flow if the one in this file is <c>[Flow]</c>.</summary>
/// <param name="FilePath">The file that declares it, so a class declared in several files is parsed once.</param>
/// <param name="MetadataName">The name the compilation finds it by.</param>
internal sealed record FlowCandidate(string FilePath, string MetadataName);
