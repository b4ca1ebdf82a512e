using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FlowSdk.Management;

/// <summary>
/// Describes a JSON request body in the OpenAPI document only. <c>Accepts&lt;T&gt;()</c> would also make routing answer
/// a wrong content type with a bare 415 before the endpoint runs; the endpoints answer it themselves, as problem+json.
/// </summary>
internal static class OpenApiBodyExtensions
{
    public static RouteHandlerBuilder WithJsonBody<TBody>(this RouteHandlerBuilder builder, bool required = true) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(TBody), null, cancellationToken).ConfigureAwait(false);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = required,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = schema },
                },
            };
        });
}
