using Evently.Grains.Hosting;
using Evently.Persistence.Hosting;

// `cluster-certificate PATH`: writes the cluster's certificate file for the split topology (docs/operations.md), once;
// its password is Evently:Cluster:Tls:CertificatePassword from the environment.
if (args is ["cluster-certificate", var path])
{
    var password = Environment.GetEnvironmentVariable("Evently__Cluster__Tls__CertificatePassword");
    var made = ClusterCertificates.CreateIfMissing(path, string.IsNullOrEmpty(password) ? null : password);
    Console.WriteLine(made ? $"Wrote the cluster certificate {path}." : $"Kept the existing cluster certificate {path}.");
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
