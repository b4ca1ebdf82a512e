namespace FlowSdk.Hosting.Tests;

public sealed record Job(int Id);

public sealed record Customer(string Email, string Name, bool Active);

public sealed record Greeting(string Message);

public readonly record struct Order(int Id, int Amount);

public readonly record struct StampedOrder(Order Order, long Ticks);

public readonly record struct OrderLine(int Id, int Total);

public readonly record struct Receipt(int Id, int Status);
