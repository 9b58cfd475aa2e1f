using Evently.Contracts.Users;
using Evently.Persistence.Users;
using Microsoft.Extensions.Options;

namespace Evently.Api.Auth;

/// <summary>
/// Creates the configured admin at start-up if that email has no account yet; an existing account is left as it is,
/// so restarts and several front ends starting together are harmless.
/// </summary>
public sealed class AdminSeeder(IOptions<AdminOptions> options, UserStore store, Passwords passwords, ILogger<AdminSeeder> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = options.Value;
        if (string.IsNullOrWhiteSpace(admin.Email) || string.IsNullOrEmpty(admin.Password))
        {
            logger.LogWarning("No admin is seeded: set {Section}:Email and {Section}:Password", AdminOptions.Section, AdminOptions.Section);
            return;
        }

        var email = Emails.Normalise(admin.Email);
        if (!Emails.LooksValid(email) || email.Length > Emails.MaxLength || admin.Password.Length is < Passwords.MinLength or > Passwords.MaxLength)
        {
            throw new InvalidOperationException(
                $"{AdminOptions.Section}: Email must be an email address and Password {Passwords.MinLength}..{Passwords.MaxLength} characters.");
        }

        var created = await store.CreateAsync(
            new NewUser(Guid.CreateVersion7(), email, admin.Name, passwords.Hash(admin.Password), UserRoles.Admin), cancellationToken);
        var existing = created ?? (await store.FindByEmailAsync(email, cancellationToken))?.User;
        if (existing is { Role: not UserRoles.Admin } or { IsActive: false })
        {
            logger.LogWarning("The seeded admin {Email} exists but is not an active admin; it was left unchanged", email);
        }
        else if (admin.Password == AdminOptions.DefaultPassword)
        {
            logger.LogWarning("Admin account {Email} uses the development default password {Password}: change {Section}:Password outside development",
                email, AdminOptions.DefaultPassword, AdminOptions.Section);
        }
        else
        {
            logger.LogInformation("Admin account {Email} is ready", email);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
