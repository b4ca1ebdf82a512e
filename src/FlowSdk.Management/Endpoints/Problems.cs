using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlowSdk.Management;

/// <summary>problem+json answers; their texts are fixed sentences, never an exception's message or stack trace.</summary>
internal static class Problems
{
    public static ProblemHttpResult Create(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is invalid.", detail: "See 'errors' for every failing field.");

    public static Task Write(HttpContext context, int status, string title, string detail) =>
        Create(status, title, detail).ExecuteAsync(context);
}
