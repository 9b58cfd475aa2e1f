using System.Text.RegularExpressions;

namespace Evently.Api.Auth;

/// <summary>Email normalisation (trim, lower-case) and a deliberately loose shape check.</summary>
public static partial class Emails
{
    /// <summary>The longest address the users table holds.</summary>
    public const int MaxLength = 254;

    /// <summary>The stored, compared form.</summary>
    public static string Normalise(string email) => email.Trim().ToLowerInvariant();

    /// <summary>One <c>@</c> with something on both sides and no white space.</summary>
    public static bool LooksValid(string normalised) => Shape().IsMatch(normalised);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
