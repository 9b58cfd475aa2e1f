using System.Globalization;

namespace Evently.LoadGenerator.Http;

/// <summary>The admin's and the users' Authorization headers, prepared before the clock starts.</summary>
internal sealed class UserSession
{
    private UserSession(string adminAuthorization, IReadOnlyList<string> users)
    {
        AdminAuthorization = adminAuthorization;
        UserAuthorizations = users;
    }

    public string AdminAuthorization { get; }

    /// <summary><c>Bearer …</c> values, one per user.</summary>
    public IReadOnlyList<string> UserAuthorizations { get; }

    /// <summary>Logs the admin in and registers (if needed) and logs in <paramref name="users"/> users in parallel.</summary>
    public static async Task<UserSession> PrepareAsync(EventlyApi api, EventlyTarget target, int users, Action<string>? phase, CancellationToken ct)
    {
        phase?.Invoke($"logging in admin {target.AdminEmail}");
        var admin = await api.LoginAsync(target.AdminEmail, target.AdminPassword, ct);
        var tokens = new string[Math.Max(1, users)];
        var done = 0;
        phase?.Invoke($"preparing {tokens.Length} users (register + login)");
        await Parallel.ForEachAsync(
            Enumerable.Range(0, tokens.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, target.SetupParallelism), CancellationToken = ct },
            async (i, token) =>
            {
                var email = string.Create(CultureInfo.InvariantCulture, $"{target.UserEmailPrefix}-{i + 1:D6}@loadgen.evently.local");
                await api.RegisterAsync(email, string.Create(CultureInfo.InvariantCulture, $"Load user {i + 1}"), target.UserPassword, token);
                tokens[i] = await api.LoginAsync(email, target.UserPassword, token);
                var n = Interlocked.Increment(ref done);
                if (n % 500 == 0 && n < tokens.Length)
                {
                    phase?.Invoke($"preparing users: {n}/{tokens.Length}");
                }
            });
        return new UserSession(admin, tokens);
    }
}
