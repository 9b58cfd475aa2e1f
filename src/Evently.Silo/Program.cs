using Evently.Grains.Hosting;
using Evently.Persistence.Hosting;
using Evently.Persistence.Sharding;
using Evently.Silo;

// `cluster-certificate PATH`: writes the cluster's certificate file for the split topology (docs/operations.md), once;
// its password is Evently:Cluster:Tls:CertificatePassword from the environment.
if (args is ["cluster-certificate", var path])
{
    var password = Environment.GetEnvironmentVariable("Evently__Cluster__Tls__CertificatePassword");
    var made = ClusterCertificates.CreateIfMissing(path, string.IsNullOrEmpty(password) ? null : password);
    Console.WriteLine(made ? $"Wrote the cluster certificate {path}." : $"Kept the existing cluster certificate {path}.");
    return;
}

// `rebalance`: evens out the shard databases (docs/operations.md, "Rebalancing"), or resumes the interrupted rebalance,
// one bucket at a time with a progress line per move, with the configuration a silo reads; exits 1 when another process
// runs one. No silo is started: the moves are the directory's and the shards' business.
if (args is ["rebalance", ..])
{
    var cli = WebApplication.CreateBuilder(args[1..]);
    using (var loggerFactory = StartupLogging.Create(cli.Configuration))
    {
        await cli.AddEventlyDatabasesAsync(loggerFactory.CreateLogger("Evently.Silo"));
    }

    await using var tool = cli.Build();
    var rebalancer = tool.Services.GetRequiredService<Rebalancer>();
    Console.WriteLine(RebalanceProgressLines.Line(await rebalancer.StatusAsync()));
    var finished = await rebalancer.RunAsync(new RebalanceProgressLines(Console.Out));
    Console.WriteLine(finished is null ? "Another process is running a rebalance (GET /api/v1/admin/rebalance follows it)." : "Rebalance finished.");
    Environment.ExitCode = finished is null ? 1 : 0;
    return;
}

// A silo of the split topology: grains only, no public API. Front ends join with Evently:Topology=client.
var builder = WebApplication.CreateBuilder(args);
ListenAddresses.ApplyDefault(builder, ListenAddresses.SiloDefault);
using (var loggerFactory = StartupLogging.Create(builder.Configuration))
{
    var databases = await builder.AddEventlyDatabasesAsync(loggerFactory.CreateLogger("Evently.Silo"));
    builder.UseOrleans(silo => silo.AddEventlySilo(builder.Configuration, databases));
}

builder.Services.AddHealthChecks();
var app = builder.Build();
app.MapHealthChecks("/health/live");
// No dashboard here: this process has no login. The front ends serve it (/dashboard, admins only) for the whole cluster.
await app.RunAsync();
