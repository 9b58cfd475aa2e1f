namespace Evently.Contracts.Users;

/// <summary>The outcome of a user command and, when it succeeded, the user.</summary>
[GenerateSerializer, Immutable]
public sealed record UserResult([property: Id(0)] UserOutcome Outcome, [property: Id(1)] UserView? User)
{
    /// <summary>A result carrying no user.</summary>
    public static UserResult Of(UserOutcome outcome) => new(outcome, null);
}
