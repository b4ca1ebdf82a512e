using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FlowSdk.Instances.Tests;

/// <summary>The management server with a flow that has every trigger kind, declared secrets and a constrained configuration.</summary>
public sealed class FlowDescriptionServer : ManagementServer
{
    protected override void ConfigureServices(IServiceCollection services)
    {
        var definition = new FlowDefinition(
            new FlowAttribute("described") { Configuration = typeof(SchemaConfig) },
            typeof(WebhookTestFlows.HookFlow),
            typeof(WebhookRequest),
            typeof(WebhookRequest),
            [new("Map", FlowStepKind.Step), new("Keep", FlowStepKind.Filter), new("Lines", FlowStepKind.Split)],
            [new WebhookTriggerAttribute("/hooks/described"), new ScheduleTriggerAttribute("0 * * * *") { TimeZone = "Europe/Berlin" }, new ChannelTriggerAttribute()],
            declarations: [new FlowSecretAttribute("crm-token") { Description = "The CRM's API token" }, new FlowSecretAttribute("proxy-password") { Required = false }]);
        services.AddSingleton<FlowRegistration>(new FlowRegistration<WebhookTestFlows.HookFlow, WebhookRequest, WebhookRequest>(definition));
        services.AddInstanceConfiguration("described", SchemaJsonContext.Default.SchemaConfig).ValidateDataAnnotations();
    }
}

/// <summary><c>GET /manage/flows</c>: what each flow is and needs; deploy and update refuse an instance without a required secret.</summary>
public sealed class FlowDescriptionTests(FlowDescriptionServer server) : IClassFixture<FlowDescriptionServer>
{
    private static readonly object Configuration = new { targetUrl = "https://crm.example/", batchSize = 5, tier = "Pro" };

    private static string NewId() => "d-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_flow_is_described_with_its_triggers_steps_secrets_and_configuration_schema()
    {
        var reader = server.Client(ManagementServer.ReaderKey);

        var response = await reader.GetAsync("/manage/flows/described");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("described", (string?)body["name"]);
        Assert.Equal(
            """[{"kind":"webhook","route":"/hooks/described","payloadType":"FlowSdk.WebhookRequest"},{"kind":"schedule","cron":"0 * * * *","timeZone":"Europe/Berlin","payloadType":"FlowSdk.WebhookRequest"},{"kind":"channel","payloadType":"FlowSdk.WebhookRequest"}]""",
            body["triggers"]!.ToJsonString());
        Assert.Equal("""[{"name":"Map","kind":"Step"},{"name":"Keep","kind":"Filter"},{"name":"Lines","kind":"Split"}]""", body["steps"]!.ToJsonString());
        Assert.Equal(
            """[{"name":"crm-token","description":"The CRM\u0027s API token","required":true},{"name":"proxy-password","required":false}]""",
            body["secrets"]!.ToJsonString());
        Assert.Equal(ExpectedSchema, body["configurationSchema"]!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n"));
    }

    // Names and types as deploy reads them (web defaults: camelCase, numbers also from strings), plus the DataAnnotations rules.
    private const string ExpectedSchema = """
        {
          "type": "object",
          "properties": {
            "targetUrl": {
              "type": [
                "string",
                "null"
              ],
              "format": "uri",
              "description": "Where records go."
            },
            "batchSize": {
              "type": [
                "string",
                "integer"
              ],
              "pattern": "^-?(?:0|[1-9]\\d*)$",
              "minimum": 1,
              "maximum": 100
            },
            "label": {
              "type": [
                "string",
                "null"
              ],
              "minLength": 2,
              "maxLength": 40
            },
            "tags": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "minItems": 1,
              "maxItems": 5
            },
            "code": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 8
            },
            "tier": {
              "enum": [
                "Basic",
                "Pro"
              ]
            }
          },
          "description": "How the described flow reaches the CRM.",
          "required": [
            "targetUrl"
          ]
        }
        """;

    [Fact]
    public async Task The_list_holds_every_registered_flow_and_an_unknown_one_is_a_404_problem()
    {
        var reader = server.Client(ManagementServer.ReaderKey);

        var list = JsonNode.Parse(await reader.GetStringAsync("/manage/flows"))!.AsArray();
        var unknown = await reader.GetAsync("/manage/flows/nope");
        var anonymous = await server.Client(null).GetAsync("/manage/flows");

        Assert.Equal(["described"], list.Select(f => (string?)f!["name"]));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Deploy_without_a_required_secret_is_a_400_naming_it_and_stores_nothing()
    {
        var admin = server.Client(ManagementServer.AdminKey);
        var id = NewId();

        var refused = await admin.PostAsJsonAsync("/manage/instances", new { id, flow = "described", configuration = Configuration, secrets = new Dictionary<string, string> { ["proxy-password"] = "p4ss-word" } });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["secrets.crm-token"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains("crm-token", errors.GetProperty("secrets.crm-token")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/manage/instances/{id}")).StatusCode);

        var deployed = await admin.PostAsJsonAsync("/manage/instances", new { id, flow = "described", configuration = Configuration, secrets = new Dictionary<string, string> { ["crm-token"] = "tok-5a1b2c3d" } });
        Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);
    }

    [Fact]
    public async Task An_update_that_removes_a_required_secret_is_refused_and_one_that_keeps_it_passes()
    {
        var admin = server.Client(ManagementServer.AdminKey);
        var id = NewId();
        var deployed = await admin.PostAsJsonAsync("/manage/instances", new { id, flow = "described", configuration = Configuration, secrets = new Dictionary<string, string> { ["crm-token"] = "tok-5a1b2c3d" } });
        Assert.Equal(HttpStatusCode.Created, deployed.StatusCode);

        var removed = await admin.PutAsJsonAsync($"/manage/instances/{id}", new { configuration = Configuration, secrets = new Dictionary<string, string?> { ["crm-token"] = null } });
        var kept = await admin.PutAsJsonAsync($"/manage/instances/{id}", new { configuration = Configuration, secrets = new Dictionary<string, string?> { ["proxy-password"] = "p4ss-word" } });

        Assert.Equal(HttpStatusCode.BadRequest, removed.StatusCode);
        Assert.Equal(["secrets.crm-token"], (await removed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
    }
}

[Description("How the described flow reaches the CRM.")]
public sealed class SchemaConfig
{
    [Required]
    [Url]
    [Description("Where records go.")]
    public string? TargetUrl { get; set; }

    [Range(1, 100)]
    public int BatchSize { get; set; } = 10;

    [StringLength(40, MinimumLength = 2)]
    public string? Label { get; set; }

    [MinLength(1)]
    [MaxLength(5)]
    public List<string> Tags { get; set; } = ["crm"];

    [MaxLength(8)]
    public string? Code { get; set; }

    public SchemaTier Tier { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<SchemaTier>))]
public enum SchemaTier
{
    Basic,
    Pro,
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SchemaConfig))]
internal sealed partial class SchemaJsonContext : JsonSerializerContext;
