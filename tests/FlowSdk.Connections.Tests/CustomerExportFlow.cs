using System.Text;
using System.Text.Json.Serialization;
using System.Xml.Serialization;
using FlowSdk.Components.Connections;
using FlowSdk.Components.Rest;
using FlowSdk.Components.Xml;

namespace FlowSdk.Connections.Tests;

/// <summary>The worked example of docs/components.md: where system A and system B live.</summary>
public sealed record ExportApis(Uri SystemA, Uri SystemB);

public sealed record Customer(int Id, string Name, string Email);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Customer))]
public sealed partial class ExportJson : JsonSerializerContext;

/// <summary>What system B takes: one customer as XML.</summary>
[XmlRoot("customer")]
public sealed class CustomerDocument
{
    [XmlAttribute("id")]
    public int Id { get; set; }

    [XmlElement("name")]
    public string Name { get; set; } = string.Empty;

    [XmlElement("email")]
    public string Email { get; set; } = string.Empty;
}

/// <summary>
/// Pages through system A's customers, splits them, writes each as XML and posts it to system B with the customer's
/// own OAuth connection.
/// </summary>
[Flow("customer-export")]
[FlowConnection("system-b", OAuthGrant.AuthorizationCode, Scopes = "contacts.write offline_access")]
public sealed partial class CustomerExportFlow(RestClient rest, IFlowConnections connections, ExportApis apis)
{
    [Split]
    public IAsyncEnumerable<Customer> ReadCustomers(string resource, FlowContext context, CancellationToken cancellationToken) =>
        rest.PaginateAsync(
            new RestEndpoint(apis.SystemA) { Paging = RestPaging.Offset(pageSize: 2) },
            context.InstanceId, RestRequest.Get(resource), ExportJson.Default.Customer, cancellationToken: cancellationToken);

    [Step]
    public string ToXml(Customer customer) =>
        XmlMapper.Serialize(new CustomerDocument { Id = customer.Id, Name = customer.Name, Email = customer.Email });

    [Step]
    public async Task<string> PostToSystemB(string xml, FlowContext context, CancellationToken cancellationToken)
    {
        using var client = connections.GetClient(context, "system-b");
        using var response = await client.PostAsync(apis.SystemB, new StringContent(xml, Encoding.UTF8, "application/xml"), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
