using System.Net;

namespace FlowSdk.Components.Rest;

/// <summary>The answer of a REST call: the status code and the deserialized body. It can replace a step's payload.</summary>
/// <typeparam name="T">The body type.</typeparam>
/// <param name="StatusCode">The status code (a success code: others throw <see cref="RestRequestException"/>).</param>
/// <param name="Value">The body, or default when it was empty.</param>
public sealed record RestResponse<T>(HttpStatusCode StatusCode, T? Value);
