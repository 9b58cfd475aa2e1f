using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Evently.IntegrationTests.Infrastructure;
using Evently.IntegrationTests.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace Evently.IntegrationTests.Security;

/// <summary>
/// Nobody joins the cluster uninvited: the README's quick start, run as its own process, is probed on every TCP port the
/// process listens on by a stock Orleans client (the cluster's well-known names, static clustering to that port), once
/// without a certificate and once with a certificate it made itself. Neither may get a grain call through; the real
/// app still books over HTTP.
/// </summary>
public sealed class ClusterAdmissionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_stock_Orleans_client_is_refused_on_every_port_of_the_quick_start_and_bookings_still_work()
    {
        var folder = Directory.CreateTempSubdirectory("evently-admission-").FullName;
        try
        {
            var url = EventlyProcess.FreeUrl();
            await using var app = await EventlyProcess.StartReadyAsync(url, CrashRestartTests.Environment(url, Path.Combine(folder, ".data", "postgres")));

            var ports = ListeningPorts(app.Pid);
            // The enumeration sees the process's sockets: the HTTP port is among them, and at least the silo's own.
            Assert.Contains(url.Port, ports);
            Assert.True(ports.Count >= 2, $"expected the HTTP port and the silo port, found {string.Join(", ", ports)}");

            await AssertRefusedAsync(ports);

            // The app itself still works: the admin creates an event, a user books a seat.
            using var admin = await CrashRestartTests.ClientAsync(url, CrashRestartTests.AdminTokenAsync);
            var eventId = await CrashRestartTests.CreateEventAsync(admin, capacity: 10);
            using var user = await CrashRestartTests.ClientAsync(url, CrashRestartTests.RegisterAsync);
            using var booked = await user.BookAsync(eventId, 1, Guid.NewGuid().ToString("N"));
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    [Fact]
    public async Task In_the_split_topology_a_stranger_is_refused_on_the_silo_and_gateway_ports_and_the_front_end_still_books()
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(1);
        var databases = await TestSilo.PrepareAsync(directory, shards);
        using var silo = await TestSilo.StartAsync(databases);
        try
        {
            // A silo of the split topology serves clients: both its ports are open, as port 30000 is in docker-compose.yml.
            var details = silo.Services.GetRequiredService<ILocalSiloDetails>();
            int[] ports = [details.SiloAddress.Endpoint.Port, details.GatewayAddress!.Endpoint.Port];

            await AssertRefusedAsync(ports);

            // The front end holds the cluster's certificate: it joins through the gateway and books.
            await using var app = await EventlyApp.StartAsync(TestSilo.ClientOverrides(directory, shards), shards: 1);
            var eventId = await app.CreateEventAsync(await app.AdminTokenAsync(), capacity: 10);
            using var user = await app.UserClientAsync();
            using var booked = await user.BookAsync(eventId, 1, Guid.NewGuid().ToString("N"));
            Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        }
        finally
        {
            await silo.StopAsync();
        }
    }

    /// <summary>Every port, with no certificate and with a self-made one, at once: none may get a grain call through.</summary>
    private async Task AssertRefusedAsync(IEnumerable<int> ports)
    {
        using var stranger = SelfMadeCertificate();
        var probes = ports.SelectMany(port => new[] { (Port: port, Certificate: (X509Certificate2?)null), (Port: port, Certificate: stranger) })
            .Select(async probe => (probe.Port, probe.Certificate, Joined: await JoinAsync(probe.Port, probe.Certificate)))
            .ToList();
        foreach (var (port, certificate, joined) in await Task.WhenAll(probes))
        {
            Assert.True(joined is null, $"port {port}: a client with {(certificate is null ? "no certificate" : "a self-made certificate")} joined and listed {joined}");
        }
    }

    /// <summary>
    /// What a stranger gets from a stock Orleans client pointed at 127.0.0.1:<paramref name="port"/> as a gateway: the
    /// silos it listed through the management grain, or null when it got nothing through (refused, dropped, timed out).
    /// </summary>
    private async Task<string?> JoinAsync(int port, X509Certificate2? certificate)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, port));
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = "evently";
                o.ServiceId = "evently";
            });
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
            client.Configure<ConnectionOptions>(o => o.OpenConnectionTimeout = TimeSpan.FromSeconds(5));
            if (certificate is not null)
            {
                // The stranger trusts whatever the server shows: only the server's check of the stranger's certificate stands in the way.
                client.UseTls(certificate, o =>
                {
                    o.AllowAnyRemoteCertificate();
                    o.OnAuthenticateAsClient = (_, ssl) => ssl.TargetHost = "evently";
                });
            }
        });
        using var host = builder.Build();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var hosts = await host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts().WaitAsync(TimeSpan.FromSeconds(30));
            return string.Join(", ", hosts.Keys);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            output.WriteLine($"port {port}, {(certificate is null ? "no certificate" : "self-made certificate")}: refused after {clock.ElapsedMilliseconds} ms ({ex.GetType().Name}: {ex.Message})");
            return null;
        }
        finally
        {
            try
            {
                await host.StopAsync(new CancellationToken(canceled: true)).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>The TCP ports <paramref name="pid"/> listens on: its socket inodes matched against the kernel's LISTEN table.</summary>
    private static List<int> ListeningPorts(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target[8..^1]);
            }
        }

        var ports = new SortedSet<int>();
        foreach (var table in new[] { $"/proc/{pid}/net/tcp", $"/proc/{pid}/net/tcp6" })
        {
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // Columns: sl, local_address (hex addr:port), rem_address, st (0A = LISTEN), tx:rx, tr:when, retrnsmt, uid, timeout, inode.
                if (columns.Length > 9 && columns[3] == "0A" && inodes.Contains(columns[9]))
                {
                    ports.Add(int.Parse(columns[1][(columns[1].IndexOf(':', StringComparison.Ordinal) + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }

        return [.. ports];
    }

    /// <summary>A certificate of the stranger's own making: self-signed, valid, for client and server authentication.</summary>
    private static X509Certificate2 SelfMadeCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=evently", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // SslStream wants the key in a form it can use on Linux: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }
}
