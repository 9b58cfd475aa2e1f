using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Evently.Api.Auth;

/// <summary>
/// ASP.NET Core Identity's password hasher (PBKDF2). A login for an unknown email still verifies against a dummy
/// hash of the same cost, so unknown email and wrong password take the same time.
/// </summary>
public sealed class Passwords
{
    /// <summary>Shortest password API.md allows.</summary>
    public const int MinLength = 8;

    /// <summary>Longest password API.md allows.</summary>
    public const int MaxLength = 128;

    // The default hasher ignores its user argument; this class is just a convenient non-null one.
    private readonly PasswordHasher<Passwords> _hasher;
    private readonly string _dummyHash;

    /// <summary>Creates the hasher with the configured iteration count.</summary>
    public Passwords(IOptions<PasswordHasherOptions> options)
    {
        _hasher = new PasswordHasher<Passwords>(options);
        _dummyHash = _hasher.HashPassword(this, Guid.NewGuid().ToString());
    }

    /// <summary>A salted hash of <paramref name="password"/>.</summary>
    public string Hash(string password) => _hasher.HashPassword(this, password);

    /// <summary>True when <paramref name="password"/> matches <paramref name="hash"/>; null <paramref name="hash"/> costs the same and fails.</summary>
    public bool Verify(string? hash, string password)
    {
        var result = _hasher.VerifyHashedPassword(this, hash ?? _dummyHash, password);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }
}
