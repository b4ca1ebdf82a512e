using Cronos;

namespace FlowSdk.Hosting;

/// <summary>A parsed <see cref="ScheduleTriggerAttribute"/>: a Cronos expression and its time zone.</summary>
internal sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(string text, CronExpression expression, TimeZoneInfo zone)
    {
        Text = text;
        _expression = expression;
        Zone = zone;
    }

    public string Text { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>Parses 5 fields (minutes) or 6 fields (seconds first), and resolves the IANA or Windows time zone id.</summary>
    public static CronSchedule Parse(string flowName, ScheduleTriggerAttribute trigger)
    {
        var text = trigger.Cron.Trim();
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        CronExpression expression;
        try
        {
            expression = CronExpression.Parse(text, format);
        }
        catch (CronFormatException e)
        {
            throw new InvalidOperationException($"Flow '{flowName}': the schedule '{trigger.Cron}' is not a valid cron expression of 5 or 6 fields: {e.Message}", e);
        }

        TimeZoneInfo zone;
        try
        {
            zone = string.IsNullOrWhiteSpace(trigger.TimeZone) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(trigger.TimeZone);
        }
        catch (TimeZoneNotFoundException e)
        {
            throw new InvalidOperationException($"Flow '{flowName}': the schedule's time zone '{trigger.TimeZone}' is unknown.", e);
        }

        return new CronSchedule(text, expression, zone);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) => _expression.GetNextOccurrence(after, Zone, inclusive: false);

    /// <summary>The last occurrence after <paramref name="after"/> and at or before <paramref name="upTo"/>, or null when none is.</summary>
    public DateTimeOffset? Latest(DateTimeOffset after, DateTimeOffset upTo)
    {
        DateTimeOffset? latest = null;
        foreach (var occurrence in _expression.GetOccurrences(after, upTo, Zone, fromInclusive: false, toInclusive: true))
        {
            latest = occurrence;
        }

        return latest;
    }
}
