using Evently.Grains.Hosting;
using Evently.Persistence.Hosting;
using Orleans.Dashboard;

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
// The dashboard of a silo process is for operators on the private network only: bind its port to loopback or an internal interface.
app.MapOrleansDashboard(routePrefix: "/dashboard");
await app.RunAsync();
