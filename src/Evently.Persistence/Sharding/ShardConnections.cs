using Npgsql;

namespace Evently.Persistence.Sharding;

/// <summary>How a process reaches a registered shard database.</summary>
public static class ShardConnections
{
    /// <summary>
    /// The configured connection string of the shard when there is one (<paramref name="configured"/>, index = ordinal),
    /// else the directory's (its credentials and options) pointed at the registered host, port and database: the
    /// directory never stores a password.
    /// </summary>
    public static string Resolve(string directory, IReadOnlyList<string> configured, ShardDatabase database)
    {
        if (database.Ordinal < configured.Count)
        {
            return configured[database.Ordinal];
        }

        var builder = new NpgsqlConnectionStringBuilder(directory) { Database = database.Database };
        if (database.Host is not null)
        {
            builder.Host = database.Host;
        }

        if (database.Port is not null)
        {
            builder.Port = database.Port.Value;
        }

        return builder.ConnectionString;
    }
}
