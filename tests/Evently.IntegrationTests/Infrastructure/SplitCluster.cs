using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>
/// The split topology on fresh databases: silos hosted in the test process and a front end joining them as an Orleans
/// client, so a test can kill the silo that hosts a grain (<see cref="KillAsync"/>) and watch the other take over.
/// </summary>
public sealed class SplitCluster : IAsyncDisposable
{
    private readonly List<IHost> _silos;

    private SplitCluster(List<IHost> silos, EventlyApp app)
    {
        _silos = silos;
        App = app;
    }

    /// <summary>The front end (an Orleans client of the silos).</summary>
    public EventlyApp App { get; }

    /// <summary>Starts <paramref name="silos"/> silos on two shards, then the front end.</summary>
    public static async Task<SplitCluster> StartAsync(int silos = 2)
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(2);
        var databases = await TestSilo.PrepareAsync(directory, shards);
        var hosts = new List<IHost>();
        try
        {
            for (var i = 0; i < silos; i++)
            {
                hosts.Add(await TestSilo.StartAsync(databases));
            }

            return new SplitCluster(hosts, await EventlyApp.StartAsync(TestSilo.ClientOverrides(directory, shards), shards: 2));
        }
        catch
        {
            await StopAllAsync(hosts);
            throw;
        }
    }

    /// <summary>
    /// Kills, ungracefully (a cancelled stop token skips the orderly shutdown, like a crash), the silo whose address is in
    /// <paramref name="host"/> (as a grain reports where it runs).
    /// </summary>
    public Task KillAsync(string host) =>
        _silos.Single(s => host.Contains(s.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToString(), StringComparison.Ordinal))
            .StopAsync(new CancellationToken(canceled: true));

    /// <summary>Stops every silo, then the front end.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAllAsync(_silos);
        await App.DisposeAsync();
    }

    private static async Task StopAllAsync(IEnumerable<IHost> silos)
    {
        foreach (var silo in silos)
        {
            try
            {
                await silo.StopAsync(new CancellationToken(canceled: true));
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
            }

            silo.Dispose();
        }
    }
}
