using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FlowSdk.Durability.Tests;

/// <summary>What one webhook request got: the status (0 when no answer came: refused, reset, timed out).</summary>
internal sealed record Answer(int Seq, string Node, int Status, Guid? ExecutionId, bool RetryAfter, DateTimeOffset SentAt, DateTimeOffset AnsweredAt, string? Error)
{
    public bool Accepted => Status == (int)HttpStatusCode.Accepted;
}

/// <summary>
/// A client posting jobs to the workers' webhook at a steady rate, several requests in flight, each to the worker
/// <c>target</c> names for it (null: none is up, the request is not sent). Every answer is recorded. The rate is a
/// load shape, not a wait: nothing in a test depends on how many ticks passed, only on the answers counted.
/// </summary>
internal sealed class WebhookLoad : IAsyncDisposable
{
    private readonly Func<int, WorkerProcess?> _target;
    private readonly TimeSpan _interval;
    private readonly SemaphoreSlim _inFlight;
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(15) };
    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly ConcurrentDictionary<string, int> _acceptedBy = new();
    private readonly ConcurrentBag<Task> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _seq;

    public WebhookLoad(Func<int, WorkerProcess?> target, int perSecond, int maxInFlight)
    {
        _target = target;
        _interval = TimeSpan.FromSeconds(1.0 / perSecond);
        _inFlight = new SemaphoreSlim(maxInFlight);
    }

    public IReadOnlyList<Answer> Answers => [.. _answers];

    public int Accepted => _acceptedBy.Values.Sum();

    public int AcceptedBy(string nodeId) => _acceptedBy.GetValueOrDefault(nodeId);

    public void Start() => _loop = RunAsync();

    /// <summary>Stops sending and waits for every request in flight to be answered or to fail.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await Task.WhenAll(_requests);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }

        _http.Dispose();
        _stop.Dispose();
        _inFlight.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var seq = _seq + 1;
                if (_target(seq) is not { HasExited: false } worker || !_inFlight.Wait(0))
                {
                    continue; // nobody to send to, or enough in flight: this tick sends nothing
                }

                _seq = seq;
                _requests.Add(SendAsync(seq, worker));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(int seq, WorkerProcess worker)
    {
        var sentAt = DateTimeOffset.UtcNow;
        try
        {
            using var answer = await _http.PostAsJsonAsync(new Uri(worker.BaseAddress, WorkerKeys.JobRoute), new { seq });
            Guid? executionId = null;
            if (answer.StatusCode == HttpStatusCode.Accepted)
            {
                using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
                executionId = body.RootElement.GetProperty("executionId").GetGuid();
                _acceptedBy.AddOrUpdate(worker.NodeId, 1, (_, n) => n + 1);
            }

            _answers.Enqueue(new Answer(seq, worker.NodeId, (int)answer.StatusCode, executionId, answer.Headers.RetryAfter is not null, sentAt, DateTimeOffset.UtcNow, null));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            _answers.Enqueue(new Answer(seq, worker.NodeId, 0, null, false, sentAt, DateTimeOffset.UtcNow, e.GetType().Name + ": " + e.Message));
        }
        finally
        {
            _inFlight.Release();
        }
    }
}
