namespace Evently.Persistence.Users;

/// <summary>A user's webhook secret, and the one the last rotation (at <paramref name="RotatedAt"/>) replaced.</summary>
public sealed record UserWebhookSecrets(string Current, string? Previous, DateTimeOffset? RotatedAt)
{
    /// <summary>The secrets a delivery at <paramref name="now"/> is signed with: the current one, and the previous within <paramref name="overlap"/> of the rotation.</summary>
    public IReadOnlyList<string> SigningAt(DateTimeOffset now, TimeSpan overlap) =>
        Previous is not null && RotatedAt is { } rotated && now < rotated + overlap ? [Current, Previous] : [Current];
}
