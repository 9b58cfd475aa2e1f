namespace Evently.Contracts.Users;

/// <summary>A validated admin edit; null members stay as they are.</summary>
[GenerateSerializer, Immutable]
public sealed record UpdateUser(
    [property: Id(0)] int? ExpectedVersion,
    [property: Id(1)] string? Role,
    [property: Id(2)] bool? IsActive);
