using Evently.Contracts.Users;
using Evently.Persistence.Embedded;
using Evently.Persistence.Users;
using Microsoft.Extensions.Options;

namespace Evently.Api.Auth;

/// <summary>
/// Creates the configured admin at start-up if that email has no account yet; an existing account is left as it is,
/// so restarts and several front ends starting together are harmless. On the embedded database outside Development,
/// with no password configured, the first start generates a random password, keeps it in a 0600 file beside the
/// database and prints it once (as Jenkins and Argo CD do); an admin still holding the published Development password
/// from an older version gets a generated one the same way.
/// </summary>
public sealed partial class AdminSeeder(IOptions<AdminOptions> options, UserStore store, Passwords passwords, ILogger<AdminSeeder> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value;
        if (string.IsNullOrWhiteSpace(admin.Email) || (string.IsNullOrEmpty(admin.Password) && admin.InitialPasswordFile is null))
        {
            LogNoAdmin(logger);
            return;
        }

        // The shape of the email and the password's length were checked at start (AdminOptions.Problems).
        var email = Emails.Normalise(admin.Email);

        if (admin.Password is not null)
        {
            var weakness = PasswordPolicy.Problem(admin.Password, email)
                ?? (!admin.AllowDefaultPassword && admin.Password == AdminOptions.DefaultPassword ? "it is the published Development default; choose your own." : null);
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
        var existing = created ?? (await store.FindByEmailAsync(email, cancellationToken))?.User;
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
        if (passwords.Verify(existing.PasswordHash, AdminOptions.DefaultPassword))
        {
            // Seeded by an older version with the published password: replace it, and revoke every token issued under it.
            var password = SecretFile.NewSecret(18);
            SecretFile.Overwrite(file, password);
            await store.ResetPasswordAsync(existing.User.Id, passwords.Hash(password), cancellationToken);
            Announce(email, password, file);
            return;
        }

        LogReady(logger, email);
    }

    // Printed on the console, not logged: log lines travel to collectors; the console of a first start is the operator's.
    private void Announce(string email, string password, string file)
    {
        LogGenerated(logger, email, file);
        Console.Out.WriteLine($"""

            *************************************************************
            Evently admin account created: {email}
            Initial password (shown once): {password}
            It is also kept in {file} (readable by this user only).
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

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "A random initial password was generated for admin {Email}; it is printed once on the console and kept in {File} (mode 0600)")]
    private static partial void LogGenerated(ILogger logger, string email, string file);
}
