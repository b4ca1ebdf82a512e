using Microsoft.CodeAnalysis;

namespace FlowSdk.Analyzers;

/// <summary>Every diagnostic FlowSdk reports, in one place. Shared as source by the generator's parser and the analyzers.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "FlowSdk";
    private const string HelpBase = "https://github.com/flowsdk/flowsdk/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor NotPartial = Error(
        DiagnosticIds.NotPartial,
        "Flow class must be partial",
        "Flow class '{0}' must be declared partial so the generator can add RunAsync");

    public static readonly DiagnosticDescriptor InvalidFlowType = Error(
        DiagnosticIds.InvalidFlowType,
        "Flow class cannot be static, abstract, generic, a record or nested in a non-partial type",
        "Flow class '{0}' cannot be a flow: it is {1}");

    public static readonly DiagnosticDescriptor NoSteps = Error(
        DiagnosticIds.NoSteps,
        "Flow has no steps",
        "Flow '{0}' has no steps; mark at least one method with [Step], [Filter] or [Split]");

    public static readonly DiagnosticDescriptor PayloadMismatch = Error(
        DiagnosticIds.PayloadMismatch,
        "Step does not accept the payload that reaches it",
        "Step '{0}' expects '{1}' but receives '{2}' from step '{3}'");

    public static readonly DiagnosticDescriptor UnsupportedSignature = Error(
        DiagnosticIds.UnsupportedSignature,
        "Step has an unsupported signature",
        "Step '{0}' has an unsupported signature: {1}");

    public static readonly DiagnosticDescriptor InvalidFilterReturn = Error(
        DiagnosticIds.InvalidFilterReturn,
        "Filter must return bool",
        "Filter '{0}' returns '{1}'; a filter returns bool, ValueTask<bool> or Task<bool>");

    public static readonly DiagnosticDescriptor InvalidSplitReturn = Error(
        DiagnosticIds.InvalidSplitReturn,
        "Split must return a sequence",
        "Split '{0}' returns '{1}'; a split returns IEnumerable<T> or IAsyncEnumerable<T>");

    public static readonly DiagnosticDescriptor SeveralStepAttributes = Error(
        DiagnosticIds.SeveralStepAttributes,
        "Method carries more than one step attribute",
        "Method '{0}' carries {1}; keep exactly one of [Step], [Filter], [Split] or [Entry]");

    public static readonly DiagnosticDescriptor StepsInSeveralPartials = Error(
        DiagnosticIds.StepsInSeveralPartials,
        "Flow steps are spread over several partial declarations",
        "Flow '{0}' declares steps in {1} partial declarations, so their order is undefined; move every step into one declaration");

    public static readonly DiagnosticDescriptor InvalidCron = Error(
        DiagnosticIds.InvalidCron,
        "Invalid cron expression",
        "Cron expression '{0}' is invalid: {1}");

    public static readonly DiagnosticDescriptor TriggerPayloadMismatch = Error(
        DiagnosticIds.TriggerPayloadMismatch,
        "Trigger payload does not fit the first step",
        "{0}");

    // Duplicates are only known once every flow of the compilation has been seen.
    public static readonly DiagnosticDescriptor DuplicateFlowName = Error(
        DiagnosticIds.DuplicateFlowName,
        "Two flows share a name",
        "Flow name '{0}' is also used by '{1}'; flow names must be unique (ignoring case), so rename one of them",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor DuplicateWebhookRoute = Error(
        DiagnosticIds.DuplicateWebhookRoute,
        "Two webhook flows share a route",
        "Webhook route '{0}' is also used by flow '{1}'; routes must be unique (ignoring case and a trailing '/'), so change one of them",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor NoTrigger = new(
        DiagnosticIds.NoTrigger,
        "Flow has no trigger",
        "Flow '{0}' has no trigger, so only RunAsync can run it; add [ChannelTrigger], [ScheduleTrigger] or [WebhookTrigger]",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + DiagnosticIds.NoTrigger + ".md");

    public static readonly DiagnosticDescriptor BlockingCall = new(
        DiagnosticIds.BlockingCall,
        "Step blocks on a task",
        "Step '{0}' blocks on a task with '{1}'; make the step async and await it",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + DiagnosticIds.BlockingCall + ".md");

    public static readonly DiagnosticDescriptor InvalidConfigurationType = Error(
        DiagnosticIds.InvalidConfigurationType,
        "Flow configuration type cannot be instantiated",
        "Configuration type '{0}' cannot configure flow instances: {1}");

    public static readonly DiagnosticDescriptor EmptyFlowName = Error(
        DiagnosticIds.EmptyFlowName,
        "Flow name is empty",
        "Flow class '{0}' has an empty name; give [Flow] the flow's stable identity, such as [Flow(\"customer-sync\")]");

    public static readonly DiagnosticDescriptor InvalidJsonContext = Error(
        DiagnosticIds.InvalidJsonContext,
        "FlowJsonContext does not name a JSON serializer context",
        "[assembly: FlowJsonContext] names '{0}', which {1}; name a non-abstract partial class deriving from System.Text.Json.Serialization.JsonSerializerContext",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor ConfigurationNotInJsonContext = Error(
        DiagnosticIds.ConfigurationNotInJsonContext,
        "Configuration type is missing from the assembly's JSON context",
        "Flow '{0}' declares configuration type '{1}', but '{2}' named by [assembly: FlowJsonContext] cannot read it; add [JsonSerializable(typeof({1}))] to '{2}'");

    public static readonly DiagnosticDescriptor InvalidWebhookSignature = Error(
        DiagnosticIds.InvalidWebhookSignature,
        "Webhook signature is not a WebhookSignature member",
        "Flow '{0}' sets [WebhookTrigger] Signature to {1}, which is not a WebhookSignature member; choose StandardWebhooks, GitHub, Stripe, Slack, Shopify, FlowSdk or Custom");

    public static readonly DiagnosticDescriptor UnknownEntry = Error(
        DiagnosticIds.UnknownEntry,
        "Trigger names an entry the flow does not have",
        "The [{0}] of flow '{1}' enters through '{2}', {3}");

    public static readonly DiagnosticDescriptor InvalidEntryReturn = Error(
        DiagnosticIds.InvalidEntryReturn,
        "Entry does not produce the first step's payload",
        "Entry '{0}' returns '{1}', but the first step '{2}' takes '{3}'; an entry returns that payload as T, ValueTask<T>, Task<T>, IEnumerable<T> or IAsyncEnumerable<T>");

    public static readonly DiagnosticDescriptor DuplicateEntryPayload = Error(
        DiagnosticIds.DuplicateEntryPayload,
        "Two ways into a flow take the same payload",
        "Entry '{0}' takes '{1}', {2}; a payload type enters a flow one way, so publishers and queues know where it goes");

    public static readonly DiagnosticDescriptor UnusedEntry = new(
        DiagnosticIds.UnusedEntry,
        "No trigger uses the entry",
        "Entry '{0}' of flow '{1}' is named by no trigger, so nothing runs it; set Entry = nameof({0}) on a trigger or remove [Entry]",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + DiagnosticIds.UnusedEntry + ".md");

    // The generated partial declaration and AddFlows() live in files of their own, where a file-local type is not in scope.
    public static readonly DiagnosticDescriptor FileLocalFlow = Error(
        DiagnosticIds.FileLocalFlow,
        "Flow class is file-local",
        "Flow class '{0}' is {1}; the generated RunAsync and registration cannot reach a file-local type, so remove the 'file' modifier");

    private static DiagnosticDescriptor Error(string id, string title, string message, params string[] customTags) => new(
        id,
        title,
        message,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + id + ".md",
        customTags: customTags);
}
