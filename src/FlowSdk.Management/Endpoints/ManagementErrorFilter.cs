using System.Security.Cryptography;
using FlowSdk.Instances;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FlowSdk.Management;

/// <summary>Turns the instance layer's exceptions into problem+json answers; anything unexpected becomes a bare 500.</summary>
internal sealed partial class ManagementErrorFilter(ILogger<ManagementErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (InstanceValidationException e)
        {
            return Problems.Validation(e.Errors.ToDictionary(x => x.Key, x => x.Value));
        }
        catch (InstanceNotFoundException)
        {
            return Problems.Create(StatusCodes.Status404NotFound, "Not found", "There is no instance with that id.");
        }
        catch (InstanceConflictException)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Conflict", "An instance with that id already exists.");
        }
        catch (InstanceVersionMismatchException)
        {
            return Problems.Create(StatusCodes.Status412PreconditionFailed, "Precondition failed", "The instance changed since the version in If-Match.");
        }
        catch (DeadLetterReplayException e)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Replay refused", e.Message);
        }
        catch (CryptographicException e)
        {
            LogFailed(e, context.HttpContext.Request.Path);
            return Problems.Create(StatusCodes.Status500InternalServerError, "Secrets unavailable", "Stored secrets could not be decrypted with the configured keys.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            LogFailed(e, context.HttpContext.Request.Path);
            return Problems.Create(StatusCodes.Status500InternalServerError, "Internal error", "The request failed; the server log has the details.");
        }
    }

    [LoggerMessage(5001, LogLevel.Error, "Management request {Path} failed")]
    private partial void LogFailed(Exception exception, string path);
}
