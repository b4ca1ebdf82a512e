namespace FlowSdk.Instances;

/// <summary>No instance has the given id.</summary>
public sealed class InstanceNotFoundException : Exception
{
    /// <summary>Creates the exception for <paramref name="instanceId"/>.</summary>
    public InstanceNotFoundException(string instanceId)
        : base($"Instance '{instanceId}' was not found.") => InstanceId = instanceId;

    /// <summary>The id that was looked for.</summary>
    public string InstanceId { get; }
}

/// <summary>An instance with the given id already exists.</summary>
public sealed class InstanceConflictException : Exception
{
    /// <summary>Creates the exception for <paramref name="instanceId"/>.</summary>
    public InstanceConflictException(string instanceId)
        : base($"Instance '{instanceId}' already exists.") => InstanceId = instanceId;

    /// <summary>The id in use.</summary>
    public string InstanceId { get; }
}

/// <summary>An instance changed after the version the caller based its change on.</summary>
public sealed class InstanceVersionMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InstanceVersionMismatchException(string instanceId, long expectedVersion, long actualVersion)
        : base($"Instance '{instanceId}' is at version {actualVersion}, not {expectedVersion}.")
    {
        InstanceId = instanceId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The instance.</summary>
    public string InstanceId { get; }

    /// <summary>The version the caller expected.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The instance's current version.</summary>
    public long ActualVersion { get; }
}

/// <summary>A deployment or update was refused; <see cref="Errors"/> lists every failing field.</summary>
public sealed class InstanceValidationException : Exception
{
    /// <summary>Creates the exception from the failures by field.</summary>
    public InstanceValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("The instance is invalid: " + string.Join(", ", errors.Keys) + ".") => Errors = errors;

    /// <summary>Error messages by field path (for example <c>configuration.target.url</c>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
