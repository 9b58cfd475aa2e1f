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

    /// <summary>
    /// <c>Bearer …</c> values of the organizers that create many-event scenarios' events: the admin first, then the
    /// organizer accounts of <see cref="AddOrganizersAsync"/>. An event's shard follows its organizer, so several
    /// organizers spread the events over the shards as a real deployment's would.
    /// </summary>
    public IReadOnlyList<string> Organizers { get; private set; } = [];

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
        return new UserSession(admin, tokens) { Organizers = [admin] };
    }

    /// <summary>
    /// Makes sure there are <paramref name="count"/> organizers: the admin plus accounts
    /// <c>{prefix}-organizer-NN@loadgen.evently.local</c>, registered if missing and granted the organizer role by the
    /// admin (<c>PATCH /admin/users/{id}</c>), as a real organizer is: they may run their own events and nothing more.
    /// </summary>
    public async Task AddOrganizersAsync(EventlyApi api, EventlyTarget target, int count, Action<string>? phase, CancellationToken ct)
    {
        if (Organizers.Count >= count)
        {
            return;
        }

        phase?.Invoke($"preparing {count} organizers (the admin and {count - 1} organizer accounts)");
        var extra = new string[count - 1];
        await Parallel.ForEachAsync(Enumerable.Range(0, extra.Length), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, target.SetupParallelism), CancellationToken = ct },
            async (i, token) =>
            {
                var email = string.Create(CultureInfo.InvariantCulture, $"{target.UserEmailPrefix}-organizer-{i + 1:D2}@loadgen.evently.local");
                await api.RegisterAsync(email, string.Create(CultureInfo.InvariantCulture, $"Load organizer {i + 1}"), target.UserPassword, token);
                var authorization = await api.LoginAsync(email, target.UserPassword, token);
                var me = await EventlyApi.WithRetriesAsync(() => api.GetAsync("api/v1/users/me", authorization, token), token);
                if (JsonScan.Guid(me.Body, "id") is not { } id)
                {
                    throw new LoadGeneratorException($"Reading organizer {email} failed: {EventlyApi.Describe(me)}");
                }

                if (JsonScan.String(me.Body, "role") != "organizer")
                {
                    var promoted = await EventlyApi.WithRetriesAsync(() => api.SendAsync(HttpMethod.Patch, api.Url($"api/v1/admin/users/{id}"), AdminAuthorization, "{\"role\":\"organizer\"}"u8.ToArray(), null, token), token);
                    if (promoted.Status != 200)
                    {
                        throw new LoadGeneratorException($"Promoting organizer {email} failed: {EventlyApi.Describe(promoted)}");
                    }

                    // A role change revokes the account's tokens: sign in again for one that carries the role.
                    authorization = await api.LoginAsync(email, target.UserPassword, token);
                }

                extra[i] = authorization;
            });
        Organizers = [AdminAuthorization, .. extra];
    }
}
