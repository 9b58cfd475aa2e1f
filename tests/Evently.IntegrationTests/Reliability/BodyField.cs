namespace Evently.IntegrationTests.Reliability;

/// <summary>One member of an endpoint's JSON body, as docs/api.md names it.</summary>
public sealed record BodyField(string Name, FieldKind Kind);
