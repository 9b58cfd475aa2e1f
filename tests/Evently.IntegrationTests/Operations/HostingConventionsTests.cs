using System.Net;
using System.Text.Json;
using Evently.Grains.Hosting;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Evently.IntegrationTests.Operations;

/// <summary>
/// Listening addresses and console logging of the real front-end process, as containers and operators set them.
/// Each process runs on fresh databases of the shared test PostgreSQL, in Development (its documented key and admin).
/// </summary>
public sealed class HostingConventionsTests
{
    [Fact]
    public void Only_when_no_setting_names_an_address_does_the_front_end_pick_the_READMEs()
    {
        static bool Configured(params (string Key, string Value)[] settings) =>
            ListenAddresses.AreConfigured(new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build());

        Assert.False(Configured());
        Assert.True(Configured(("urls", "http://127.0.0.1:5198")));
        Assert.True(Configured(("http_ports", "8080")));
        Assert.True(Configured(("https_ports", "8443")));
        Assert.True(Configured(("Kestrel:Endpoints:Http:Url", "http://127.0.0.1:5199")));
        Assert.Equal("http://127.0.0.1:5080", ListenAddresses.Default);

        // Version 1.0 pinned Urls here, which overrode ASPNETCORE_URLS and ASPNETCORE_HTTP_PORTS.
        using var appsettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
        Assert.DoesNotContain(appsettings.RootElement.EnumerateObject(), p => string.Equals(p.Name, "Urls", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ASPNETCORE_HTTP_PORTS_and_urls_on_the_command_line_are_where_it_listens()
    {
        var byPorts = EventlyProcess.FreeUrl();
        var byArgument = EventlyProcess.FreeUrl();
        var ports = EventlyProcess.StartDevelopmentAsync(byPorts, new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = byPorts.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var argument = EventlyProcess.StartDevelopmentAsync(byArgument, new Dictionary<string, string>(), "--urls", byArgument.GetLeftPart(UriPartial.Authority));
        await using var first = await ports;
        await using var second = await argument;

        Assert.Contains(first.Lines, l => l.Contains($"Now listening on: http://[::]:{byPorts.Port}", StringComparison.Ordinal));
        Assert.Contains(second.Lines, l => l.Contains($"Now listening on: {byArgument.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal));
        Assert.DoesNotContain(first.Lines.Concat(second.Lines), l => l.Contains(":5080", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Default_logs_are_one_line_per_meaningful_event_with_no_library_chatter()
    {
        var url = EventlyProcess.FreeUrl();
        await using var process = await EventlyProcess.StartDevelopmentAsync(url);

        // The first lines say where to go and how to get in as the admin.
        var up = process.Lines.ToList();
        Assert.Contains(up, l => l.Contains($"Evently is up: API {url.GetLeftPart(UriPartial.Authority)}/api/v1", StringComparison.Ordinal));
        Assert.Contains(up, l => l.Contains("Admin: admin@evently.local", StringComparison.Ordinal) && l.Contains("/dashboard-login", StringComparison.Ordinal));

        // A small sale: many grains placed (users, the event), many requests.
        using var admin = await CrashRestartTests.ClientAsync(url, c => CrashRestartTests.LoginAsync(c, "admin@evently.local", "Evently-Admin-2026!"));
        var eventId = await CrashRestartTests.CreateEventAsync(admin, 1_000);
        var users = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => CrashRestartTests.ClientAsync(url, CrashRestartTests.RegisterAsync)));
        var answers = await Task.WhenAll(users.SelectMany(u => Enumerable.Range(0, 10).Select(_ => u.BookAsync(eventId, 1, Guid.NewGuid().ToString("N")))));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        await Task.Delay(500);

        var during = process.Lines.Skip(up.Count).ToList();
        Assert.DoesNotContain(process.Lines, l => l.Contains("Polly", StringComparison.Ordinal));
        Assert.True(during.Count <= 10, $"{during.Count} lines for 10 registrations and 100 bookings:\n{string.Join('\n', during)}");
        foreach (var user in users)
        {
            user.Dispose();
        }
    }

    [Fact]
    public async Task Logging_Console_FormatterName_json_makes_every_console_line_a_JSON_object()
    {
        var url = EventlyProcess.FreeUrl();
        await using var process = await EventlyProcess.StartDevelopmentAsync(url, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = url.GetLeftPart(UriPartial.Authority),
            ["Logging__Console__FormatterName"] = "json",
        });

        var lines = process.Lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        Assert.NotEmpty(lines);
        var messages = lines.Select(l =>
        {
            using var entry = JsonDocument.Parse(l);
            Assert.True(entry.RootElement.TryGetProperty("LogLevel", out _), l);
            return entry.RootElement.GetProperty("Message").GetString() ?? "";
        }).ToList();
        Assert.Contains(messages, m => m.StartsWith($"Evently is up: API {url.GetLeftPart(UriPartial.Authority)}/api/v1", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Applied migration", StringComparison.Ordinal));
    }
}
