namespace Evently.Api.Auth;

/// <summary>
/// What a new password must be, as NIST SP 800-63B recommends: 8..128 characters, not only white space, and not one of
/// the most common passwords. No composition rules (they make passwords harder to remember, not to guess).
/// </summary>
public static class PasswordPolicy
{
    private const string ListResource = "Evently.Api.Auth.common-passwords.txt";

    // The list is a hand-written embedded resource (see its header): a few hundred of the best-known leaked passwords.
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    /// <summary>Why <paramref name="password"/> may not be used (by the account <paramref name="email"/>), or null when it may.</summary>
    public static string? Problem(string password, string? email = null)
    {
        if (password.Length is < Passwords.MinLength or > Passwords.MaxLength)
        {
            return $"password must be {Passwords.MinLength}..{Passwords.MaxLength} characters.";
        }

        if (string.IsNullOrWhiteSpace(password))
        {
            return "password must not be only white space.";
        }

        var trimmed = password.Trim();
        if (Common.Value.Contains(trimmed))
        {
            return "password is one of the most common passwords; choose another.";
        }

        // Context-specific words (NIST): the account's own email, or its part before the @, is the first guess.
        return email is not null && (trimmed.Equals(email, StringComparison.OrdinalIgnoreCase)
            || (email.IndexOf('@', StringComparison.Ordinal) is > 0 and var at && trimmed.Equals(email[..at], StringComparison.OrdinalIgnoreCase)))
            ? "password must not be the email address or its name part."
            : null;
    }

    /// <summary>How many passwords the built-in list holds.</summary>
    public static int CommonCount => Common.Value.Count;

    private static HashSet<string> Load()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream(ListResource)
            ?? throw new InvalidOperationException($"The embedded resource {ListResource} is missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line);
            }
        }

        return set;
    }
}
