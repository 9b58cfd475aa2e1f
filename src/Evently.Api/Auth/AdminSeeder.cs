using Evently.Contracts.Users;
using Evently.Persistence.Embedded;
using Evently.Persistence.Users;
using Microsoft.Extensions.Options;

namespace Evently.Api.Auth;

/// <summary>
/// Creates the configured admin at start-up if that email has no account yet; an existing account is left as it is,
/// so restarts and several front ends starting together are harmless. On the embedded database outside Development,
/// with no password configured, the first start generates a random password, keeps it in a 0600 file beside the
/// database and prints it once (as Jenkins and Argo CD do). Outside Development an admin still holding a password
/// this repository published (<see cref="AdminOptions.PublishedPasswords"/>) gets the configured one, or a generated
/// one printed once, and every token issued under the published one is revoked.
/// </summary>
public sealed partial class AdminSeeder(
    IOptions<AdminOptions> options, UserStore store, Passwords passwords, IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<AdminSeeder> logger)
    : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value;
        if (string.IsNullOrWhiteSpace(admin.Email) || (string.IsNullOrEmpty(admin.Password) && admin.InitialPasswordFile is null))
        {
            if (!admin.AllowDefaultPassword && !string.IsNullOrWhiteSpace(admin.Email)
                && await store.FindByEmailAsync(Emails.Normalise(admin.Email), cancellationToken) is { } unconfigured
                && HoldsPublishedPassword(unconfigured))
            {
                // Nothing configured to reset it to: a generated password, printed once (there is no file to keep it in).
                var password = SecretFile.NewSecret(18);
                await ReplaceAsync(unconfigured, password, cancellationToken);
                Announce(unconfigured.User.Email, password, file: null);
                return;
            }

            LogNoAdmin(logger);
            return;
        }

        // The shape of the email and the password's length were checked at start (AdminOptions.Problems).
        var email = Emails.Normalise(admin.Email);

        if (admin.Password is not null)
        {
            var weakness = PasswordPolicy.Problem(admin.Password, email)
                ?? (!admin.AllowDefaultPassword && AdminOptions.PublishedPasswords.Contains(admin.Password)
                    ? "it is the published Development default or another password published with Evently; choose your own." : null);
            if (weakness is not null)
            {
                throw new InvalidOperationException($"{AdminOptions.Section}:Password cannot be used: {weakness}");
            }
        }

        if (admin.Password is null)
        {
            await SeedGeneratedAsync(admin, email, admin.InitialPasswordFile!, cancellationToken);
            return;
        }

        var created = await store.CreateAsync(
            new NewUser(Guid.CreateVersion7(), email, admin.Name, passwords.Hash(admin.Password), UserRoles.Admin), cancellationToken);
        var record = created is null ? await store.FindByEmailAsync(email, cancellationToken) : null;
        if (!admin.AllowDefaultPassword && record is not null && HoldsPublishedPassword(record))
        {
            await ReplaceAsync(record, admin.Password, cancellationToken);
            LogPublishedReplaced(logger, email);
        }

        var existing = created ?? record?.User;
        if (existing is { Role: not UserRoles.Admin } or { IsActive: false })
        {
            LogNotAnAdmin(logger, email);
        }
        else if (admin.Password == AdminOptions.DefaultPassword)
        {
            LogDefaultPassword(logger, email);
        }
        else
        {
            LogReady(logger, email);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedGeneratedAsync(AdminOptions admin, string email, string file, CancellationToken cancellationToken)
    {
        var existing = await store.FindByEmailAsync(email, cancellationToken);
        if (existing is null)
        {
            // A file left by a start that stopped before creating the account is used again: whoever read it keeps a valid password.
            var (password, _) = SecretFile.ReadOrCreate(file, () => SecretFile.NewSecret(18));
            var created = await store.CreateAsync(new NewUser(Guid.CreateVersion7(), email, admin.Name, passwords.Hash(password), UserRoles.Admin), cancellationToken);
            if (created is not null)
            {
                Announce(email, password, file);
            }

            return;
        }

        SecretFile.Restrict(file);
        if (HoldsPublishedPassword(existing))
        {
            // Seeded by an older version with a published password: replace it, and revoke every token issued under it.
            var password = SecretFile.NewSecret(18);
            SecretFile.Overwrite(file, password);
            await ReplaceAsync(existing, password, cancellationToken);
            Announce(email, password, file);
            return;
        }

        LogReady(logger, email);
    }

    private bool HoldsPublishedPassword(UserRecord record) => AdminOptions.PublishedPasswords.Any(p => passwords.Verify(record.PasswordHash, p));

    /// <summary>
    /// Sets <paramref name="password"/> and bumps the stamp (tokens issued under the old password die). The user's grain,
    /// if some silo of a running cluster holds it, re-reads the row once this host has started.
    /// </summary>
    private async Task ReplaceAsync(UserRecord record, string password, CancellationToken cancellationToken)
    {
        var reset = await store.ResetPasswordAsync(record.User.Id, passwords.Hash(password), cancellationToken);
        if (reset is not null)
        {
            lifetime.ApplicationStarted.Register(() => _ = RefreshAsync(reset.Id, reset.Version));
        }
    }

    private async Task RefreshAsync(Guid id, int version)
    {
        try
        {
            await grains.GetGrain<IUserGrain>(id).ObserveAsync(version);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRefreshFailed(logger, id, ex);
        }
    }

    // Printed on the console, not logged: log lines travel to collectors; the console of a first start is the operator's.
    private void Announce(string email, string password, string? file)
    {
        LogGenerated(logger, email, file ?? "no file");
        var kept = file is null
            ? "It is not kept anywhere: note it now, or set Evently:Admin:Password and restart."
            : $"It is also kept in {file} (readable by this user only).";
        Console.Out.WriteLine($"""

            *************************************************************
            Evently admin account created: {email}
            Initial password (shown once): {password}
            {kept}
            Set Evently:Admin:Password before the first start to choose it.
            *************************************************************

            """);
        Console.Out.Flush();
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "No admin is seeded: set Evently:Admin:Email and Evently:Admin:Password")]
    private static partial void LogNoAdmin(ILogger logger);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "The seeded admin {Email} exists but is not an active admin; it was left unchanged")]
    private static partial void LogNotAnAdmin(ILogger logger, string email);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Admin account {Email} uses the Development default password: it is accepted in Development only")]
    private static partial void LogDefaultPassword(ILogger logger, string email);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Admin account {Email} is ready")]
    private static partial void LogReady(ILogger logger, string email);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Admin account {Email} held a published password: it now has the configured one, and its earlier tokens are revoked")]
    private static partial void LogPublishedReplaced(ILogger logger, string email);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "User {UserId}'s grain could not re-read the replaced admin password; it sees it at its next activation")]
    private static partial void LogRefreshFailed(ILogger logger, Guid userId, Exception exception);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "A random initial password was generated for admin {Email}; it is printed once on the console and kept in {File} (mode 0600)")]
    private static partial void LogGenerated(ILogger logger, string email, string file);
}
