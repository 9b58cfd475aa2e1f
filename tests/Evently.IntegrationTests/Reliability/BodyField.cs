namespace Evently.IntegrationTests.Reliability;

/// <summary>One member of an endpoint's JSON body, as API.md names it.</summary>
public sealed record BodyField(string Name, FieldKind Kind);
