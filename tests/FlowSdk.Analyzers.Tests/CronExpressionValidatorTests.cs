extern alias generator;

using Cronos;
using Xunit;
using Validator = generator::FlowSdk.Generators.Parsing.CronExpressionValidator;

namespace FlowSdk.Analyzers.Tests;

/// <summary>
/// The compile-time cron check must agree with the run-time parser on every expression: what compiles schedules, and
/// what would throw at start-up does not compile.
/// </summary>
public sealed class CronExpressionValidatorTests
{
    public static TheoryData<string> Valid => new()
    {
        "* * * * *", "0 0 * * *", "*/5 * * * *", "0 9-17 * * MON-FRI", "0 0 1,15 * *", "0 0 L * *", "0 0 L-3 * *",
        "0 0 LW * *", "0 0 15W * *", "0 0 * * 5L", "0 0 * * FRI#3", "0 0 ? * MON", "0 0 * JAN-MAR ?", "30 * * * * *",
        "*/10 * * * * *", "0 0 12 * * SUN", "0 0 * * 7", "0 22-2 * * *", "5/15 * * * *", "0 0 1 jan *", "0 0 * * sun-sat",
        "@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually", "@every_minute", "@every_second",
        "  @DAILY  ", " 0 0 * * * ", "0\t0\t*\t*\t*", "00 05 * * *", "0 0 L-30 * *", "0 0 l * *", "0 0 1-31/2 * *",
        "59 59 23 31 12 7", "0 0 * * 0#5", "0 0 * DEC-JAN *", "1,2,3-10/2,40 * * * *", "0 0 31 2 *", "? ? ? ? ?",
    };

    public static TheoryData<string> Invalid => new()
    {
        "", "   ", "* * * *", "* * * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *", "* * * 13 *",
        "* * * * 8", "*/0 * * * *", "*/60 * * * *", "1-60 * * * *", "MON * * * *", "* * * * MONDAY", "* * * JANUARY *",
        "* * L-31 * *", "* * 0W * *", "* * L,5 * *", "* * 15W,20 * *", "* * * * 1#6", "* * * * 1#0", "* * * * 1,2L",
        "1,,2 * * * *", "*,5 * * * *", "100 * * * *", "@every_hour", "@", "@ daily", "@daily x", "@dailyx", "5- * * * *",
        "-5 * * * *", "5/ * * * *", "* * * * * 60", "a * * * *", "* * * * FOO", "0 0 * * 5#", "* * 5# * *", "* * * * L",
        "0 0 1 1 * 2025", "0 0 ? ? ? ?x", "0 0 LX * *", "0 0 * * 1-", "#@ * * * *", "* * * * *,", "0 0 1 * * @",
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_expressions_pass_here_and_at_run_time(string expression)
    {
        Assert.True(RunTimeAccepts(expression), $"the run-time parser rejects '{expression}'");
        Assert.True(Validator.TryValidate(expression, out var error), error);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_expressions_fail_here_and_at_run_time_with_a_reason(string expression)
    {
        Assert.False(RunTimeAccepts(expression), $"the run-time parser accepts '{expression}'");
        Assert.False(Validator.TryValidate(expression, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    /// <summary>Thousands of expressions assembled from cron's building blocks, valid and not, must get the same verdict.</summary>
    [Fact]
    public void Generated_expressions_get_the_run_time_verdict()
    {
        string[] pieces =
        [
            "*", "?", "0", "1", "5", "7", "12", "23", "24", "31", "32", "59", "60", "99", "L", "W", "#", "-", "/", ",",
            "JAN", "jan", "DEC", "SUN", "fri", "SAT", "MON", "XYZ", "L-2", "LW", "15W", "5L", "2#3", "*/15", "1-5",
            "5-1", "1-5/2", "MON-FRI", "FRI-MON", "0/0", "3/61", "@", "x",
        ];
        // Pieces that usually fit the field, so a good share of the corpus is valid and the rest fails in varied ways.
        string[][] fitting =
        [
            ["*", "?", "0", "5", "59", "*/15", "1-5", "5-1", "1-5/2", "0,30"],
            ["*", "0", "23", "9-17", "22-2", "*/6", "1,2"],
            ["*", "?", "1", "31", "L", "L-2", "LW", "15W", "1-15", "*/2"],
            ["*", "1", "12", "JAN", "jan-mar", "DEC-FEB", "*/3"],
            ["*", "?", "0", "7", "MON-FRI", "5L", "2#3", "SUN", "FRI-MON"],
        ];
        var random = new Random(20261128);
        var disagreements = new List<string>();
        var accepted = 0;
        for (var i = 0; i < 20000; i++)
        {
            var fields = random.Next(10) switch { 0 => 4, 1 => 7, < 6 => 5, _ => 6 };
            var parts = new string[fields];
            for (var f = 0; f < fields; f++)
            {
                var pool = fitting[Math.Max(0, f - (fields - 5)) % 5];
                parts[f] = random.Next(8) != 0
                    ? pool[random.Next(pool.Length)]
                    : string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => pieces[random.Next(pieces.Length)]));
            }

            var expression = string.Join(random.Next(5) == 0 ? "\t " : " ", parts);
            var expected = RunTimeAccepts(expression);
            accepted += expected ? 1 : 0;
            if (Validator.TryValidate(expression, out _) != expected)
            {
                disagreements.Add($"'{expression}': run time {(expected ? "accepts" : "rejects")}");
            }
        }

        Assert.Empty(disagreements);
        Assert.InRange(accepted, 500, 19500); // the corpus holds both kinds, so agreement is not trivial
    }

    /// <summary>The schedule host's rule: 6 fields include seconds, anything else is read as the standard 5.</summary>
    private static bool RunTimeAccepts(string expression)
    {
        var format = expression.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Length == 6
            ? CronFormat.IncludeSeconds
            : CronFormat.Standard;
        try
        {
            CronExpression.Parse(expression, format);
            return true;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }
}
