using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Reliability;

/// <summary>
/// A cheap summary of everything a request could change: row counts, seat sums and versions in the directory and on
/// every shard. Equal fingerprints before and after a burst of refused requests mean the refusals changed nothing.
/// </summary>
public static class DatabaseFingerprint
{
    private const string DirectorySql = """
        SELECT concat_ws(' ', 'users=' || count(*), 'versions=' || coalesce(sum(version), 0),
                         'active=' || count(*) FILTER (WHERE is_active), 'admins=' || count(*) FILTER (WHERE role = 'admin'))
        FROM users
        """;

    private const string ShardSql = """
        SELECT concat_ws(' ',
            'events=' || (SELECT count(*) FROM events),
            'available=' || (SELECT coalesce(sum(available_seats), 0) FROM events),
            'held=' || (SELECT coalesce(sum(held_seats), 0) FROM events),
            'maxVersion=' || (SELECT coalesce(max(version), 0) FROM events),
            'sumVersion=' || (SELECT coalesce(sum(version), 0) FROM events),
            'bookings=' || (SELECT count(*) FROM bookings),
            'confirmed=' || (SELECT count(*) FROM bookings WHERE status = 'confirmed'),
            'waitlists=' || (SELECT count(*) FROM waitlists),
            'promotions=' || (SELECT count(*) FROM waitlist_promotions),
            'notifications=' || (SELECT count(*) FROM notifications),
            'pricing=' || (SELECT count(*) FROM pricing_history))
        """;

    /// <summary>The fingerprint of <paramref name="app"/>'s databases, one line per database.</summary>
    public static async Task<string> TakeAsync(EventlyApp app)
    {
        var lines = new List<string> { "directory: " + await TestPostgres.ScalarAsync<string>(app.Directory, DirectorySql) };
        for (var i = 0; i < app.Shards.Count; i++)
        {
            lines.Add($"shard{i}: " + await TestPostgres.ScalarAsync<string>(app.Shards[i], ShardSql));
        }

        return string.Join(Environment.NewLine, lines);
    }
}
