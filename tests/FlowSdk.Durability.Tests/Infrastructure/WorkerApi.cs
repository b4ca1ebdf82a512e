using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace FlowSdk.Durability.Tests;

/// <summary>The worker's HTTP surface besides the job webhook: the management API (admin key) and the instance publisher.</summary>
internal sealed class WorkerApi : IDisposable
{
    private readonly HttpClient _http;

    public WorkerApi(WorkerProcess worker)
    {
        _http = new HttpClient { BaseAddress = worker.BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        _http.DefaultRequestHeaders.Add("X-Api-Key", WorkerKeys.AdminKey);
    }

    /// <summary>Deploys an instance of <paramref name="flow"/> with an empty configuration.</summary>
    public async Task DeployAsync(string instanceId, string flow)
    {
        using var answer = await _http.PostAsJsonAsync("/manage/instances", new { id = instanceId, flow, configuration = new { } });
        Assert.True(answer.StatusCode == HttpStatusCode.Created, $"Deploying {instanceId}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
    }

    /// <summary>Publishes an instance job; returns the execution id of the 202, or null for any other answer.</summary>
    public async Task<Guid?> PublishAsync(string instanceId, string kind, int delayMs)
    {
        using var answer = await _http.PostAsJsonAsync($"{WorkerKeys.PublishRoute}/{instanceId}", new { kind, delayMs });
        if (answer.StatusCode != HttpStatusCode.Accepted)
        {
            return null;
        }

        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("executionId").GetGuid();
    }

    /// <summary>The instance's execution history, newest first, as the management API answers it.</summary>
    public Task<JsonElement[]> ExecutionsAsync(string instanceId) => ListAsync($"/manage/executions?instance={instanceId}&limit=500");

    /// <summary>The instance's dead letters, newest first.</summary>
    public Task<JsonElement[]> DeadLettersAsync(string instanceId) => ListAsync($"/manage/dead-letters?instance={instanceId}&limit=500");

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement[]> ListAsync(string path)
    {
        using var answer = await _http.GetAsync(path);
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.IsSuccessStatusCode, $"GET {path}: {(int)answer.StatusCode} {text}");
        using var body = JsonDocument.Parse(text);
        return [.. body.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
