using Evently.Api.Hosting;
using Evently.Grains.Hosting;
using Evently.Persistence.Embedded;

var builder = WebApplication.CreateBuilder(args);
ListenAddresses.ApplyDefault(builder);
try
{
    await builder.AddEventlyAsync();
}
catch (EmbeddedPostgresException ex)
{
    // Something only the operator can fix: one clear line, no stack trace, a non-zero exit.
    await Console.Error.WriteLineAsync($"Evently cannot start: {ex.Message}");
    return 1;
}

var app = builder.Build();
app.UseEvently();
app.MapEvently();
await app.RunAsync();
return 0;

/// <summary>The front end's entry point; public so functional tests can host it.</summary>
public partial class Program;
