using Evently.Persistence.Options;

namespace Evently.Api.Hosting;

/// <summary>Whether the front end hosts a silo (<c>Evently:Topology</c>, a key of the <c>Evently</c> section itself).</summary>
public sealed class TopologyOptions : IEventlyOptions
{
    /// <summary>The front end hosts a silo.</summary>
    public const string Combined = "combined";

    /// <summary>The front end is an Orleans client of silos started with <c>src/Evently.Silo</c>.</summary>
    public const string Client = "client";

    /// <inheritdoc />
    public static string Section => "Evently";

    /// <summary><see cref="Combined"/> or <see cref="Client"/>.</summary>
    public string Topology { get; set; } = Combined;

    /// <summary>True when the front end is only a client.</summary>
    public bool IsClient => string.Equals(Topology, Client, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (!IsClient && !string.Equals(Topology, Combined, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{Section}:Topology must be '{Combined}' or '{Client}' (was '{Topology}').";
        }
    }
}
