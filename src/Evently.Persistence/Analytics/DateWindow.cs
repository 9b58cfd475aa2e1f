using Npgsql;

namespace Evently.Persistence.Analytics;

/// <summary>
/// A half-open UTC window <c>[From, To)</c>; a missing bound is open, so no bounds means all time.
/// Only the bounds that are set reach the SQL, so an all-time read scans without a range predicate.
/// </summary>
public sealed record DateWindow(DateTimeOffset? From = null, DateTimeOffset? To = null)
{
    /// <summary>All time.</summary>
    public static readonly DateWindow All = new();

    /// <summary>The predicate "<paramref name="column"/> lies in the window", or <c>true</c> when unbounded.</summary>
    internal string Predicate(string column) => (From, To) switch
    {
        (null, null) => "true",
        (not null, null) => $"{column} >= @from",
        (null, not null) => $"{column} < @to",
        _ => $"{column} >= @from AND {column} < @to",
    };

    /// <summary>Adds the parameters <see cref="Predicate"/> refers to.</summary>
    internal void Bind(NpgsqlCommand command)
    {
        if (From is { } from)
        {
            command.Parameters.AddWithValue("from", from.ToUniversalTime());
        }

        if (To is { } to)
        {
            command.Parameters.AddWithValue("to", to.ToUniversalTime());
        }
    }
}
