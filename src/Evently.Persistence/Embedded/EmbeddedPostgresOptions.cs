using Evently.Persistence.Options;

namespace Evently.Persistence.Embedded;

/// <summary>Settings of the embedded PostgreSQL cluster (section <c>Evently:EmbeddedPostgres</c>).</summary>
public sealed class EmbeddedPostgresOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:EmbeddedPostgres";

    /// <summary>Where the cluster keeps its data; kept between runs so data survives a restart.</summary>
    public string DataDirectory { get; set; } = ".data/postgres";

    /// <summary>Loopback port; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Folder of <c>initdb</c>/<c>pg_ctl</c>; by default the newest under <c>/usr/lib/postgresql</c>.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>Server <c>max_connections</c>; raised from the default 100 so silos, front ends and tests fit.</summary>
    public int MaxConnections { get; set; } = 300;

    /// <summary>
    /// As root: where the cluster goes when the <c>postgres</c> user cannot reach <see cref="DataDirectory"/> (a clone
    /// under <c>/root</c> or a 0700 folder), one subfolder per configured path.
    /// </summary>
    public string FallbackDirectory { get; set; } = EmbeddedPostgres.DefaultFallbackDirectory;

    /// <summary>False only for throwaway test clusters: turns fsync off.</summary>
    public bool Durable { get; set; } = true;

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory) || string.IsNullOrWhiteSpace(FallbackDirectory))
        {
            yield return $"{Section}: DataDirectory and FallbackDirectory must not be empty.";
        }

        if (Port is < 0 or > 65535 || MaxConnections < 1)
        {
            yield return $"{Section}: Port must be 0..65535 (0: a free one) and MaxConnections at least 1.";
        }
    }
}
