using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Evently.Api.Auth;

/// <summary>
/// ASP.NET Core Identity's password hasher (PBKDF2), behind a concurrency limiter so hashing never takes more than its
/// share of the cores. A login for an unknown email still verifies against a dummy hash of the same cost, so unknown
/// email and wrong password take the same time.
/// </summary>
public sealed class Passwords : IDisposable
{
    /// <summary>Shortest password allowed (docs/api.md#post-apiv1authregister).</summary>
    public const int MinLength = 8;

    /// <summary>Longest password allowed (docs/api.md#post-apiv1authregister).</summary>
    public const int MaxLength = 128;

    // The default hasher ignores its user argument; this class is just a convenient non-null one.
    private readonly PasswordHasher<Passwords> _hasher;
    private readonly string _dummyHash;
    private readonly ConcurrencyLimiter _slots;

    /// <summary>Creates the hasher with the configured iteration count and hashing limits.</summary>
    public Passwords(IOptions<PasswordHasherOptions> options, IOptions<PasswordHashingOptions> limits)
    {
        _hasher = new PasswordHasher<Passwords>(options);
        _dummyHash = _hasher.HashPassword(this, Guid.NewGuid().ToString());
        _slots = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.Value.MaxConcurrent,
            QueueLimit = limits.Value.MaxQueued,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>
    /// A hashing slot: hold it (dispose after) around <see cref="Hash"/> or <see cref="Verify"/> on a request path. Not
    /// acquired when every slot and queue place is taken: answer 429 then, without hashing.
    /// </summary>
    public ValueTask<RateLimitLease> AcquireSlotAsync(CancellationToken cancellationToken) => _slots.AcquireAsync(1, cancellationToken);

    /// <summary>A salted hash of <paramref name="password"/>.</summary>
    public string Hash(string password) => _hasher.HashPassword(this, password);

    /// <summary>True when <paramref name="password"/> matches <paramref name="hash"/>; null <paramref name="hash"/> costs the same and fails.</summary>
    public bool Verify(string? hash, string password)
    {
        var result = _hasher.VerifyHashedPassword(this, hash ?? _dummyHash, password);
        return hash is not null && result != PasswordVerificationResult.Failed;
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();
}
