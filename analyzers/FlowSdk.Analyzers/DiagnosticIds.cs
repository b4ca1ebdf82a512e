namespace FlowSdk.Analyzers;

/// <summary>The stable diagnostic IDs of FlowSdk. Never reuse one.</summary>
internal static class DiagnosticIds
{
    public const string NotPartial = "FLOW001";
    public const string InvalidFlowType = "FLOW002";
    public const string NoSteps = "FLOW003";
    public const string PayloadMismatch = "FLOW004";
    public const string UnsupportedSignature = "FLOW005";
    public const string InvalidFilterReturn = "FLOW006";
    public const string InvalidSplitReturn = "FLOW007";
    public const string SeveralStepAttributes = "FLOW008";
    public const string StepsInSeveralPartials = "FLOW009";
    public const string InvalidCron = "FLOW010";
    public const string TriggerPayloadMismatch = "FLOW011";
    public const string DuplicateFlowName = "FLOW012";
    public const string DuplicateWebhookRoute = "FLOW013";
    public const string NoTrigger = "FLOW014";
    public const string BlockingCall = "FLOW015";
    public const string InvalidConfigurationType = "FLOW016";
    public const string EmptyFlowName = "FLOW017";
    public const string InvalidJsonContext = "FLOW018";
    public const string ConfigurationNotInJsonContext = "FLOW019";
    public const string InvalidWebhookSignature = "FLOW020";
    public const string UnknownEntry = "FLOW021";
    public const string InvalidEntryReturn = "FLOW022";
    public const string DuplicateEntryPayload = "FLOW023";
    public const string UnusedEntry = "FLOW024";
    public const string FileLocalFlow = "FLOW025";
}
