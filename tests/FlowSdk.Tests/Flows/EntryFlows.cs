using System.Runtime.CompilerServices;
using FlowSdk;

namespace FlowSdk.Tests.Flows;

public sealed record Signup(string Email, bool Active);

public sealed record Contact(string Email);

/// <summary>
/// Three ways in: a webhook feeds the first step; a schedule enters through an entry that finds the signups to
/// re-check; a channel of raw lines enters through a synchronous entry.
/// </summary>
[Flow("entry-signups")]
[WebhookTrigger("/hooks/entry-signups")]
[ScheduleTrigger("0 * * * *", Entry = nameof(Recheck))]
[ChannelTrigger(Entry = nameof(FromLine))]
public sealed partial class SignupFlow
{
    public List<string> Pushed { get; } = [];

    public List<Signup> Stale { get; } = [];

    [Entry]
    public async IAsyncEnumerable<Signup> Recheck(ScheduledTick tick, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var signup in Stale)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return signup;
        }
    }

    [Entry]
    public static Signup FromLine(string line) =>
        line.Split(',') is [var email, var active] ? new Signup(email, active == "1") : throw new FormatException($"Expected 'email,active', got '{line}'.");

    [Filter]
    public bool IsActive(Signup signup) => signup.Active;

    [Step]
    public Contact Map(Signup signup) => signup.Email.Contains('@', StringComparison.Ordinal) ? new(signup.Email) : throw new ArgumentException("Not an email.", nameof(signup));

    [Step]
    public string Push(Contact contact)
    {
        Pushed.Add(contact.Email);
        return contact.Email;
    }
}

/// <summary>An entry that completes a <see cref="ValueTask{T}"/> synchronously, and one that awaits.</summary>
[Flow("entry-valuetask")]
[ChannelTrigger(Entry = nameof(Parse))]
[ScheduleTrigger("*/5 * * * * *", Entry = nameof(Tick))]
public sealed partial class ValueTaskEntryFlow
{
    public TaskCompletionSource<int>? Gate { get; set; }

    [Entry]
    public ValueTask<int> Parse(string text) => new(int.Parse(text, System.Globalization.CultureInfo.InvariantCulture));

    [Entry]
    public async Task<int> Tick(ScheduledTick tick) => await Gate!.Task.ConfigureAwait(false);

    [Step]
    public int Double(int value) => value * 2;
}
