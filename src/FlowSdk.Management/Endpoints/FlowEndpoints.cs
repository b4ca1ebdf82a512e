using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FlowSdk.Management;

/// <summary>Describes the flows this host runs: triggers, steps, secrets and the configuration schema.</summary>
internal static class FlowEndpoints
{
    public static IResult List([FromServices] FlowDescriber flows) =>
        TypedResults.Json<IReadOnlyList<FlowResponse>>([.. flows.All()], ManagementJsonContext.Default.IReadOnlyListFlowResponse);

    public static IResult Get(string name, [FromServices] FlowDescriber flows) =>
        flows.Find(name) is { } flow
            ? TypedResults.Json(flow, ManagementJsonContext.Default.FlowResponse)
            : Problems.Create(StatusCodes.Status404NotFound, "Not found", "There is no flow with that name.");
}
