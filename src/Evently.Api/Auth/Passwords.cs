using System.Data.Common;
using System.Threading.RateLimiting;
using Evently.Persistence.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Evently.Api.Auth;

/// <summary>
/// ASP.NET Core Identity's password hasher (PBKDF2), behind a concurrency limiter so hashing never takes more than its
/// share of the cores. Inside that share, one account and one client address may each hold only a few of the slots and
/// queue places (successful logins count as much as failed ones), so a loop signing one account in, or one busy address,
/// cannot take every slot from everyone else (docs/security.md#what-is-protected-and-how). A login for an unknown email
/// still verifies against a dummy hash of the same cost, so unknown email and wrong password take the same time.
/// </summary>
public sealed partial class Passwords : IDisposable
{
    /// <summary>Shortest password allowed (docs/api.md#post-apiv1authregister).</summary>
    public const int MinLength = 8;

    /// <summary>Longest password allowed (docs/api.md#post-apiv1authregister).</summary>
    public const int MaxLength = 128;

    // The default hasher ignores its user argument; this class is just a convenient non-null one.
    private readonly PasswordHasher<Passwords> _hasher;
    private readonly string _dummyHash;
    private readonly ConcurrencyLimiter _slots;
    private readonly PartitionedRateLimiter<string> _byAccount;
    private readonly PartitionedRateLimiter<string> _byAddress;
    private readonly ILogger<Passwords> _logger;

    /// <summary>Creates the hasher with the configured iteration count and hashing limits.</summary>
    public Passwords(IOptions<PasswordHasherOptions> options, IOptions<PasswordHashingOptions> limits, ILogger<Passwords> logger)
    {
        _logger = logger;
        _hasher = new PasswordHasher<Passwords>(options);
        _dummyHash = _hasher.HashPassword(this, Guid.NewGuid().ToString());
        _slots = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = limits.Value.MaxConcurrent,
            QueueLimit = limits.Value.MaxQueued,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        _byAccount = Shares(limits.Value.PerAccount, queued: 0);
        _byAddress = Shares(limits.Value.PerAddress, limits.Value.PerAddressQueued);
    }

    /// <summary>
    /// A hashing slot for <paramref name="account"/> (the normalised email; null for none) asked from <paramref name="address"/>: hold it
    /// (dispose after) around <see cref="Hash"/> or <see cref="Check"/> on a request path. Not acquired when that account
    /// or that address already holds its share of the slots and its line of waiting requests is full, or every slot and queue place is taken:
    /// answer 429 then, without hashing.
    /// </summary>
    public async ValueTask<RateLimitLease> AcquireSlotAsync(string? account, string address, CancellationToken cancellationToken)
    {
        // No account (a registration: limited per email elsewhere, and concurrent ones of one email must reach the database
        // to learn which one wins): an empty partition key holds no share.
        var byAccount = _byAccount.AttemptAcquire(account ?? string.Empty, account is null ? 0 : 1);
        if (!byAccount.IsAcquired)
        {
            return byAccount;
        }

        // An address over its share waits its turn behind its own requests (oldest first, a bounded line), rather than being
        // refused: a venue's crowd behind one NAT is slowed during a latency spike, not turned away, and its waiting takes
        // no place in the shared queue, so everyone else's share is untouched.
        RateLimitLease byAddress;
        try
        {
            byAddress = await _byAddress.AcquireAsync(address, 1, cancellationToken);
        }
        catch
        {
            byAccount.Dispose();
            throw;
        }

        if (!byAddress.IsAcquired)
        {
            byAccount.Dispose();
            return byAddress;
        }

        RateLimitLease? slot = null;
        try
        {
            slot = await _slots.AcquireAsync(1, cancellationToken);
            if (slot.IsAcquired)
            {
                var lease = new SlotLease(slot, byAccount, byAddress);
                slot = null;
                return lease;
            }

            var refused = slot;
            slot = null;
            byAccount.Dispose();
            byAddress.Dispose();
            return refused;
        }
        catch
        {
            slot?.Dispose();
            byAccount.Dispose();
            byAddress.Dispose();
            throw;
        }
    }

    /// <summary>A salted hash of <paramref name="password"/>.</summary>
    public string Hash(string password) => _hasher.HashPassword(this, password);

    /// <summary>True when <paramref name="password"/> matches <paramref name="hash"/>; null <paramref name="hash"/> costs the same and fails.</summary>
    public bool Verify(string? hash, string password) => Check(hash, password) != PasswordVerificationResult.Failed;

    /// <summary>
    /// Like <see cref="Verify"/>, and says <see cref="PasswordVerificationResult.SuccessRehashNeeded"/> when the stored
    /// hash is weaker than the configured one (fewer iterations, older format): the caller then stores a fresh hash.
    /// </summary>
    public PasswordVerificationResult Check(string? hash, string password)
    {
        var result = _hasher.VerifyHashedPassword(this, hash ?? _dummyHash, password);
        return hash is null ? PasswordVerificationResult.Failed : result;
    }

    /// <summary>
    /// Stores a fresh hash of <paramref name="password"/> (just verified against <paramref name="record"/>'s weaker one) at
    /// the configured iteration count. Best effort: the login it rides on succeeds anyway, and the next one tries again.
    /// </summary>
    public async Task UpgradeAsync(UserStore store, UserRecord record, string password, CancellationToken cancellationToken)
    {
        try
        {
            await store.UpgradePasswordHashAsync(record.User.Id, record.PasswordHash, Hash(password), cancellationToken);
        }
        catch (DbException ex)
        {
            LogUpgradeFailed(_logger, record.User.Id, ex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _slots.Dispose();
        _byAccount.Dispose();
        _byAddress.Dispose();
    }

    // Held slots and shared-queue places per key; beyond them up to `queued` requests of the key wait their turn here.
    private static PartitionedRateLimiter<string> Shares(int permits, int queued) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetConcurrencyLimiter(key, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = permits,
            QueueLimit = queued,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "Upgrading the password hash of user {UserId} failed; the next sign-in tries again")]
    private static partial void LogUpgradeFailed(ILogger logger, Guid userId, Exception exception);
}
