using Microsoft.CodeAnalysis;

namespace FlowSdk.Analyzers;

/// <summary>The awaiters of Task and ValueTask, whose <c>GetResult()</c> blocks when called outside an <c>await</c>.</summary>
internal sealed class TaskTypes
{
    private readonly INamedTypeSymbol?[] _awaiters;

    public TaskTypes(Compilation compilation)
    {
        _awaiters = new[]
        {
            compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.TaskAwaiter"),
            compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.TaskAwaiter`1"),
            compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ValueTaskAwaiter"),
            compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ValueTaskAwaiter`1"),
            compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter"),
            compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter"),
            compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter"),
            compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter"),
        };
    }

    public bool IsAwaiter(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        var definition = type.OriginalDefinition;
        foreach (var awaiter in _awaiters)
        {
            if (SymbolEqualityComparer.Default.Equals(definition, awaiter))
            {
                return true;
            }
        }

        return false;
    }
}
