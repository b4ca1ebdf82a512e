using System;

namespace FlowSdk.Generators.Parsing;

/// <summary>
/// Validates cron expressions at compile time with exactly the grammar the schedule host's parser (Cronos) accepts at
/// run time, so what compiles always schedules: 5 fields, or 6 with seconds first; <c>*</c> and <c>?</c>, values,
/// ranges (wrapping ones included), steps and lists; month and day names; <c>L</c>, <c>L-n</c>, <c>LW</c> and
/// <c>nW</c> for days of the month; <c>nL</c> and <c>n#k</c> for days of the week; and the macros <c>@yearly</c>,
/// <c>@annually</c>, <c>@monthly</c>, <c>@weekly</c>, <c>@daily</c>, <c>@midnight</c>, <c>@hourly</c>,
/// <c>@every_minute</c> and <c>@every_second</c>. An expression is valid when it parses as 5 fields or as 6.
/// </summary>
internal static class CronExpressionValidator
{
    private static readonly string[] Macros =
    {
        "YEARLY", "ANNUALLY", "MONTHLY", "WEEKLY", "DAILY", "MIDNIGHT", "HOURLY", "EVERY_MINUTE", "EVERY_SECOND",
    };

    private static readonly Field Seconds = new("seconds", 0, 59, null);
    private static readonly Field Minutes = new("minutes", 0, 59, null);
    private static readonly Field Hours = new("hours", 0, 23, null);
    private static readonly Field DaysOfMonth = new("day-of-month", 1, 31, null);
    private static readonly Field Months = new("month", 1, 12, new[] { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" }, FirstName: 1);
    private static readonly Field DaysOfWeek = new("day-of-week", 0, 7, new[] { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" });

    public static bool TryValidate(string expression, out string error)
    {
        var reader = new Reader(expression);
        reader.SkipWhiteSpace();
        if (reader.Accept('@'))
        {
            error = ValidateMacro(reader);
            return error.Length == 0;
        }

        var fields = expression.Split('\0')[0].Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            error = $"expected 5 fields (or 6 with seconds first) but found {fields}";
            return false;
        }

        try
        {
            Parse(new Reader(expression), includeSeconds: fields == 6);
            error = string.Empty;
            return true;
        }
        catch (CronError e)
        {
            error = e.Message;
            return false;
        }
    }

    private static string ValidateMacro(Reader reader)
    {
        var start = reader.Position;
        while (reader.Current is not ('\0' or ' ' or '\t'))
        {
            reader.Advance();
        }

        var name = AsciiUpper(reader.Text.Substring(start, reader.Position - start));
        reader.SkipWhiteSpace();
        if (Array.IndexOf(Macros, name) < 0 || !reader.AtEnd)
        {
            return $"unknown macro '@{reader.Text.Substring(start).Trim()}'; use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every_minute or @every_second";
        }

        return string.Empty;
    }

    private static void Parse(Reader reader, bool includeSeconds)
    {
        reader.SkipWhiteSpace();
        if (includeSeconds)
        {
            ParseField(reader, Seconds);
            ExpectWhiteSpace(reader, Seconds);
        }

        ParseField(reader, Minutes);
        ExpectWhiteSpace(reader, Minutes);
        ParseField(reader, Hours);
        ExpectWhiteSpace(reader, Hours);
        ParseDayOfMonth(reader);
        ExpectWhiteSpace(reader, DaysOfMonth);
        ParseField(reader, Months);
        ExpectWhiteSpace(reader, Months);
        ParseDayOfWeek(reader);
        reader.SkipWhiteSpace();
        if (!reader.AtEnd)
        {
            throw Unexpected(reader, DaysOfWeek);
        }
    }

    private static void ParseField(Reader reader, Field field)
    {
        if (reader.Accept('*') || reader.Accept('?'))
        {
            ParseOptionalStep(reader, field);
            return;
        }

        ParseList(reader, field);
    }

    private static void ParseDayOfMonth(Reader reader)
    {
        var field = DaysOfMonth;
        if (reader.Accept('*') || reader.Accept('?'))
        {
            ParseOptionalStep(reader, field);
            return;
        }

        if (reader.AcceptLetter('L'))
        {
            // L: the last day; L-n: n days before it; a trailing W: the nearest weekday.
            if (reader.Accept('-'))
            {
                ParseNumber(reader, field, 0, field.Last - 1, "the offset after 'L-'");
            }

            reader.AcceptLetter('W');
            return;
        }

        ParseValue(reader, field);
        if (reader.AcceptLetter('W'))
        {
            return; // nW: the weekday nearest day n
        }

        ParseRangeOrStep(reader, field);
        ParseListTail(reader, field);
    }

    private static void ParseDayOfWeek(Reader reader)
    {
        var field = DaysOfWeek;
        if (reader.Accept('*') || reader.Accept('?'))
        {
            ParseOptionalStep(reader, field);
            return;
        }

        ParseValue(reader, field);
        if (reader.AcceptLetter('L'))
        {
            return; // nL: the last such weekday of the month
        }

        if (reader.Accept('#'))
        {
            ParseNumber(reader, field, 1, 5, "the week number after '#'");
            return;
        }

        ParseRangeOrStep(reader, field);
        ParseListTail(reader, field);
    }

    private static void ParseList(Reader reader, Field field)
    {
        ParseValue(reader, field);
        ParseRangeOrStep(reader, field);
        ParseListTail(reader, field);
    }

    private static void ParseListTail(Reader reader, Field field)
    {
        while (reader.Accept(','))
        {
            ParseValue(reader, field);
            ParseRangeOrStep(reader, field);
        }
    }

    private static void ParseRangeOrStep(Reader reader, Field field)
    {
        if (reader.Accept('-'))
        {
            ParseValue(reader, field);
        }

        ParseOptionalStep(reader, field);
    }

    private static void ParseOptionalStep(Reader reader, Field field)
    {
        if (reader.Accept('/'))
        {
            ParseNumber(reader, field, 1, field.Last, "the step");
        }
    }

    private static void ParseValue(Reader reader, Field field)
    {
        var start = reader.Position;
        var value = ReadNumber(reader, field);
        if (value < field.First || value > field.Last)
        {
            var names = field.Names is null ? string.Empty : $" or a name ({field.Names[0]}–{field.Names[field.Names.Length - 1]})";
            throw new CronError($"the {field.Name} field needs a number from {field.First} to {field.Last}{names} at position {start + 1}");
        }
    }

    private static void ParseNumber(Reader reader, Field field, int low, int high, string what)
    {
        var value = ReadNumber(reader, field: null);
        if (value < low || value > high)
        {
            throw new CronError($"in the {field.Name} field, {what} must be a number from {low} to {high}");
        }
    }

    /// <summary>Reads one or two digits, or a three-letter name; -1 when neither is there.</summary>
    private static int ReadNumber(Reader reader, Field? field)
    {
        var names = field?.Names;
        if (IsDigit(reader.Current))
        {
            var value = reader.Current - '0';
            reader.Advance();
            if (!IsDigit(reader.Current))
            {
                return value;
            }

            value = (value * 10) + (reader.Current - '0');
            reader.Advance();
            return IsDigit(reader.Current) ? -1 : value;
        }

        if (names is null)
        {
            return -1;
        }

        var name = new char[3];
        for (var i = 0; i < 3; i++)
        {
            if (!IsLetter(reader.Current))
            {
                return -1;
            }

            name[i] = AsciiUpper(reader.Current);
            reader.Advance();
        }

        var index = Array.IndexOf(names, new string(name));
        return index < 0 ? -1 : index + field!.FirstName;
    }

    private static void ExpectWhiteSpace(Reader reader, Field field)
    {
        if (!reader.SkipWhiteSpace())
        {
            throw Unexpected(reader, field);
        }
    }

    private static CronError Unexpected(Reader reader, Field field) => new(reader.AtEnd
        ? $"the expression ends after the {field.Name} field"
        : $"unexpected character '{reader.Current}' at position {reader.Position + 1} in the {field.Name} field");

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsLetter(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z');

    // Only ASCII letters are folded: the run-time parser does the same, so 'ı' never passes for 'I'.
    private static char AsciiUpper(char c) => c is >= 'a' and <= 'z' ? (char)(c - 32) : c;

    private static string AsciiUpper(string s)
    {
        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = AsciiUpper(chars[i]);
        }

        return new string(chars);
    }

    /// <param name="FirstName">The value of the first name in <paramref name="Names"/> (JAN is 1, SUN is 0).</param>
    private sealed record Field(string Name, int First, int Last, string[]? Names, int FirstName = 0);

    private sealed class CronError : Exception
    {
        public CronError(string message)
            : base(message)
        {
        }
    }

    /// <summary>A cursor over the expression; a NUL character ends it, as it does for the run-time parser.</summary>
    private sealed class Reader
    {
        public Reader(string text) => Text = text;

        public string Text { get; }

        public int Position { get; private set; }

        public char Current => Position < Text.Length ? Text[Position] : '\0';

        public bool AtEnd => Current == '\0';

        public void Advance() => Position++;

        public bool Accept(char c)
        {
            if (Current != c)
            {
                return false;
            }

            Position++;
            return true;
        }

        public bool AcceptLetter(char upper) => Accept(upper) || Accept(char.ToLowerInvariant(upper));

        public bool SkipWhiteSpace()
        {
            var start = Position;
            while (Current is ' ' or '\t')
            {
                Position++;
            }

            return Position > start;
        }
    }
}
