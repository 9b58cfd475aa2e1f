using Evently.Persistence.Options;
using Microsoft.AspNetCore.Identity;

namespace Evently.Api.Auth;

/// <summary>
/// How much of the machine password hashing may take, bound from <c>Evently:PasswordHasher</c> (beside Identity's
/// <c>IterationCount</c>). Each hash is deliberately slow (PBKDF2); without a cap a flood of logins with made-up emails
/// would take every core from the booking path.
/// </summary>
public sealed class PasswordHashingOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:PasswordHasher";

    /// <summary>Hashes computed at once; by default half the cores (at least one).</summary>
    public int MaxConcurrent { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Requests waiting for a hashing slot; beyond it a login or registration answers <c>429</c> at once.</summary>
    public int MaxQueued { get; set; } = 100;

    /// <summary>
    /// Slots plus queue places one account (email) may hold at once, successful logins included: a loop signing one
    /// account in cannot crowd out everyone else.
    /// </summary>
    public int PerAccount { get; set; } = 2;

    /// <summary>
    /// Slots plus queue places one client address may hold at once: half the default queue, so one busy address (a
    /// load generator, a whole venue behind one NAT) leaves room for everyone else, yet is not slowed while it waits its turn.
    /// </summary>
    public int PerAddress { get; set; } = 50;

    /// <summary>
    /// Requests of one client address waiting for its share (<see cref="PerAddress"/>) to free up, oldest first, before
    /// <c>429</c>: a crowd behind one address waits out a latency spike instead of being refused, without taking places
    /// from anyone else.
    /// </summary>
    public int PerAddressQueued { get; set; } = 200;

    /// <summary>
    /// Refuses <c>Evently:PasswordHasher:IterationCount</c> below Identity's default outside Development: cheaper hashing
    /// exists only so that a load test registers thousands of users in seconds (the generator's <c>--start</c> asks for it
    /// in Development, docs/performance.md#how-to-reproduce), and must never protect real accounts. More rounds are allowed.
    /// </summary>
    public static void RefuseCheapHashingOutsideDevelopment(int? iterationCount, bool isDevelopment)
    {
        var standard = new PasswordHasherOptions().IterationCount;
        if (iterationCount < standard && !isDevelopment)
        {
            throw new InvalidOperationException(
                $"{Section}:IterationCount is {iterationCount}, below the default of {standard}: cheaper password hashing is for load tests " +
                "only and is refused outside Development. Remove the setting, or run the test in Development (--environment Development).");
        }
    }

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (MaxConcurrent < 1 || MaxQueued < 0)
        {
            yield return $"{Section}: MaxConcurrent must be at least 1 and MaxQueued at least 0.";
        }

        if (PerAccount < 1 || PerAddress < 1 || PerAddressQueued < 0)
        {
            yield return $"{Section}: PerAccount and PerAddress must be at least 1, PerAddressQueued at least 0.";
        }
    }
}
