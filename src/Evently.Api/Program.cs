using Evently.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
await builder.AddEventlyAsync();

var app = builder.Build();
app.UseEvently();
app.MapEvently();
await app.RunAsync();

/// <summary>The front end's entry point; public so functional tests can host it.</summary>
public partial class Program;
