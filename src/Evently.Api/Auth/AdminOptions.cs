using Evently.Persistence.Options;

namespace Evently.Api.Auth;

/// <summary>The admin seeded at start-up, bound from <c>Evently:Admin</c>.</summary>
public sealed class AdminOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:Admin";

    /// <summary>Default email (README).</summary>
    public const string DefaultEmail = "admin@evently.local";

    /// <summary>Development default password (docs/security.md). Published: refused outside Development.</summary>
    public const string DefaultPassword = "Evently-Admin-2026!";

    /// <summary>
    /// Every admin password this repository ever printed: the Development default (also in the 1.0 README and
    /// docker-compose.yml) and the one an earlier measurement command in docs/performance.md printed. Outside Development none may
    /// be configured, and an admin still holding one is given another at start-up.
    /// </summary>
    public static IReadOnlyList<string> PublishedPasswords { get; } = [DefaultPassword, "Measure-Admin-2026!"];

    /// <summary>Name of the file, beside the embedded database, holding the password generated at first start.</summary>
    public const string InitialPasswordFileName = "admin-initial-password";

    /// <summary>The admin's email.</summary>
    public string? Email { get; set; }

    /// <summary>The admin's password; when unset on the embedded database outside Development, one is generated at first start.</summary>
    public string? Password { get; set; }

    /// <summary>The admin's display name.</summary>
    public string Name { get; set; } = "Administrator";

    /// <summary>Set by start-up, not configuration: where a generated initial password is kept (null: never generate one).</summary>
    internal string? InitialPasswordFile { get; set; }

    /// <summary>Set by start-up: the documented default password is allowed (Development only).</summary>
    internal bool AllowDefaultPassword { get; set; }

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        // Without an email, or with neither a password nor a file to generate one into, no admin is seeded (a warning says so).
        if (string.IsNullOrWhiteSpace(Email) || (string.IsNullOrEmpty(Password) && InitialPasswordFile is null))
        {
            yield break;
        }

        var email = Emails.Normalise(Email);
        if (!Emails.LooksValid(email) || email.Length > Emails.MaxLength || Password?.Length is < Passwords.MinLength or > Passwords.MaxLength)
        {
            yield return $"{Section}: Email must be an email address and Password {Passwords.MinLength}..{Passwords.MaxLength} characters.";
        }
    }
}
