using FirstFlow;
using FlowSdk;

// A first flow run directly through the generated RunAsync: no host, no DI.
var flow = new CustomerSync(new DemoCrm());
CustomerCreated[] customers =
[
    new("ada@example.com", "Ada Lovelace", Active: true),
    new("bob@example.com", "Bob Inactive", Active: false),
    new("grace@example.com", "Grace Hopper", Active: true),
];

foreach (var customer in customers)
{
    var context = new FlowContext("customer-sync");
    var result = await flow.RunAsync(customer, context);
    Console.WriteLine($"{customer.Email,-20} execution {context.ExecutionId:N}: {result.Outcome}{(result.Outcome == FlowOutcome.Completed ? $" (CRM answered {result.Output.Status})" : string.Empty)}");
}
