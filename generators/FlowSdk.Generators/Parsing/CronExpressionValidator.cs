namespace FlowSdk.Generators.Parsing;

/// <summary>
/// Validates cron expressions at compile time with the rules the schedule host applies at run time (Cronos):
/// 5 fields, or 6 with seconds first.
/// </summary>
internal static class CronExpressionValidator
{
    public static bool TryValidate(string expression, out string error)
    {
        var fields = expression.Split(new[] { ' ', '\t' }, System.StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
        {
            error = $"expected 5 fields (or 6 with seconds) but found {fields.Length}";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
