using Microsoft.CodeAnalysis;

namespace FlowSdk.Generators.Parsing;

/// <summary>The FlowSdk and BCL types the parser compares against, resolved once per compilation.</summary>
internal sealed class KnownTypes
{
    public KnownTypes(Compilation compilation)
    {
        Compilation = compilation;
        FlowAttribute = compilation.GetTypeByMetadataName("FlowSdk.FlowAttribute");
        StepAttribute = compilation.GetTypeByMetadataName("FlowSdk.StepAttribute");
        FilterAttribute = compilation.GetTypeByMetadataName("FlowSdk.FilterAttribute");
        SplitAttribute = compilation.GetTypeByMetadataName("FlowSdk.SplitAttribute");
        EntryAttribute = compilation.GetTypeByMetadataName("FlowSdk.EntryAttribute");
        TriggerAttribute = compilation.GetTypeByMetadataName("FlowSdk.TriggerAttribute");
        ChannelTriggerAttribute = compilation.GetTypeByMetadataName("FlowSdk.ChannelTriggerAttribute");
        ScheduleTriggerAttribute = compilation.GetTypeByMetadataName("FlowSdk.ScheduleTriggerAttribute");
        WebhookTriggerAttribute = compilation.GetTypeByMetadataName("FlowSdk.WebhookTriggerAttribute");
        RetryAttribute = compilation.GetTypeByMetadataName("FlowSdk.RetryAttribute");
        FlowDeclarationAttribute = compilation.GetTypeByMetadataName("FlowSdk.FlowDeclarationAttribute");
        FlowContext = compilation.GetTypeByMetadataName("FlowSdk.FlowContext");
        ScheduledTick = compilation.GetTypeByMetadataName("FlowSdk.ScheduledTick");
        WebhookRequest = compilation.GetTypeByMetadataName("FlowSdk.WebhookRequest");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        IEnumerableOfT = compilation.GetSpecialType(SpecialType.System_Collections_Generic_IEnumerable_T);
        IAsyncEnumerableOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
        ValidationAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.ValidationAttribute");
        IValidatableObject = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.IValidatableObject");
    }

    public Compilation Compilation { get; }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, KnownTypes> s_byCompilation = new();

    /// <summary>The known types of <paramref name="compilation"/>, resolved once however many flows it holds.</summary>
    public static KnownTypes For(Compilation compilation) => s_byCompilation.GetValue(compilation, static c => new KnownTypes(c));

    public INamedTypeSymbol? FlowAttribute { get; }

    public INamedTypeSymbol? StepAttribute { get; }

    public INamedTypeSymbol? FilterAttribute { get; }

    public INamedTypeSymbol? SplitAttribute { get; }

    public INamedTypeSymbol? EntryAttribute { get; }

    public INamedTypeSymbol? TriggerAttribute { get; }

    public INamedTypeSymbol? ChannelTriggerAttribute { get; }

    public INamedTypeSymbol? ScheduleTriggerAttribute { get; }

    public INamedTypeSymbol? WebhookTriggerAttribute { get; }

    public INamedTypeSymbol? RetryAttribute { get; }

    public INamedTypeSymbol? FlowDeclarationAttribute { get; }

    public INamedTypeSymbol? FlowContext { get; }

    public INamedTypeSymbol? ScheduledTick { get; }

    public INamedTypeSymbol? WebhookRequest { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol IEnumerableOfT { get; }

    public INamedTypeSymbol? IAsyncEnumerableOfT { get; }

    public INamedTypeSymbol? ValidationAttribute { get; }

    public INamedTypeSymbol? IValidatableObject { get; }

    /// <summary>Whether the FlowSdk runtime is referenced at all; without it nothing is a flow.</summary>
    public bool HasFlowSdk => FlowAttribute is not null && FlowContext is not null;

    /// <summary>Whether <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        for (var t = type; t is not null && baseType is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, baseType))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        known is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);
}
