using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Operations;

/// <summary>
/// The served OpenAPI document: what clients generate from. Checked as JSON, and by generating a typed C# client
/// from it with Kiota (the repository's dotnet tool), compiling it, and running it against a live server.
/// </summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task The_document_declares_bearer_auth_every_problem_response_and_no_dashboard_internals()
    {
        await using var app = await EventlyApp.StartAsync(shards: 1);
        using var client = app.CreateClient();
        var document = await (await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative))).JsonAsync();

        Assert.Equal("Evently API", document.GetProperty("info").GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(document.GetProperty("info").GetProperty("description").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(document.GetProperty("info").GetProperty("version").GetString()));
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("Problem").GetProperty("properties");
        Assert.True(problem.TryGetProperty("code", out _));
        Assert.True(problem.TryGetProperty("errors", out _));

        var paths = document.GetProperty("paths").EnumerateObject().ToList();
        Assert.DoesNotContain(paths, p => p.Name.StartsWith("/dashboard", StringComparison.Ordinal));
        Assert.True(paths.Count >= 20, $"{paths.Count} paths");

        var operations = paths.SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value))).ToList();
        foreach (var (path, method, operation) in operations)
        {
            var responses = operation.GetProperty("responses");
            // Every operation documents at least 503, every write 504, each problem with the Problem schema and its codes.
            Assert.True(responses.TryGetProperty("503", out _), $"{method} {path} lacks 503");
            if (method != "get")
            {
                Assert.True(responses.TryGetProperty("504", out _), $"{method} {path} lacks 504");
            }

            foreach (var response in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                var schema = response.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
                Assert.Equal("#/components/schemas/Problem", schema.GetProperty("$ref").GetString());
                Assert.NotEmpty(response.Value.GetProperty("x-problem-codes").EnumerateArray());
            }
        }

        static JsonElement Operation(List<(string Path, string Method, JsonElement Operation)> all, string path, string method) =>
            all.Single(o => o.Path == path && o.Method == method).Operation;

        static string[] Codes(JsonElement operation, string status) =>
            operation.GetProperty("responses").GetProperty(status).GetProperty("x-problem-codes").EnumerateArray().Select(c => c.GetString()!).ToArray();

        var book = Operation(operations, "/api/v1/events/{id}/bookings", "post");
        Assert.Equal(["sold_out", "event_not_bookable", "idempotency_key_reused", "sales_not_open", "sales_closed", "ticket_limit_reached", "seats_taken", "no_adjacent_seats"], Codes(book, "409"));
        Assert.Contains("admission_required", Codes(book, "403"));
        Assert.Equal(Codes(book, "409"), Codes(Operation(operations, "/api/v1/events/{id}/holds", "post"), "409"));
        Assert.Equal(["hold_expired"], Codes(Operation(operations, "/api/v1/holds/{id}/confirm", "post"), "409"));
        Assert.Equal(["hold_confirmed"], Codes(Operation(operations, "/api/v1/holds/{id}", "delete"), "409"));
        Assert.Equal(["hold_not_found"], Codes(Operation(operations, "/api/v1/holds/{id}", "get"), "404"));
        Assert.Contains("sales_closed", Codes(Operation(operations, "/api/v1/events/{id}/waitlist", "post"), "409"));
        Assert.Equal(["queue_not_open"], Codes(Operation(operations, "/api/v1/events/{id}/queue", "post"), "409"));
        Assert.Equal(["event_not_found", "not_in_queue"], Codes(Operation(operations, "/api/v1/events/{id}/queue/me", "get"), "404"));
        Assert.Equal(["seats_in_use", "event_not_bookable"], Codes(Operation(operations, "/api/v1/events/{id}/seating-plan", "put"), "409"));
        Assert.Equal(["event_not_found", "not_found"], Codes(Operation(operations, "/api/v1/events/{id}/seats", "get"), "404"));
        Assert.Equal(["event_not_found"], Codes(book, "404"));
        Assert.Equal(["validation_failed"], Codes(book, "400"));
        Assert.Equal(["unauthorized"], Codes(book, "401"));
        Assert.Equal(["rate_limited"], Codes(book, "429"));
        Assert.Equal("Bearer", book.GetProperty("security")[0].EnumerateObject().Single().Name);
        Assert.Contains("version_mismatch", Codes(Operation(operations, "/api/v1/events/{id}", "patch"), "412"));
        var login = Operation(operations, "/api/v1/auth/login", "post");
        Assert.Equal(["invalid_credentials"], Codes(login, "401"));
        Assert.False(login.TryGetProperty("security", out _));
        Assert.False(Operation(operations, "/api/v1/events/{id}", "get").TryGetProperty("security", out _));
        Assert.Equal(["booking_not_found"], Codes(Operation(operations, "/api/v1/bookings/{id}", "get"), "404"));
    }

    [Fact]
    public async Task An_unknown_document_is_a_JSON_404_problem()
    {
        await using var app = await EventlyApp.StartAsync(shards: 1);
        using var client = app.CreateClient();

        var response = await client.GetAsync(new Uri("/openapi/unknown.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("not_found", await response.CodeAsync());
    }

    [Fact]
    public async Task A_client_generated_with_Kiota_from_the_served_document_registers_logs_in_books_and_cancels()
    {
        var url = EventlyProcess.FreeUrl();
        await using var server = await EventlyProcess.StartDevelopmentAsync(url);
        using var admin = await CrashRestartTests.ClientAsync(url, c => CrashRestartTests.LoginAsync(c, "admin@evently.local", "Evently-Admin-2026!"));
        var eventId = await CrashRestartTests.CreateEventAsync(admin, capacity: 50);

        var work = Directory.CreateTempSubdirectory("evently-kiota-").FullName;
        try
        {
            var document = Path.Combine(work, "v1.json");
            await File.WriteAllTextAsync(document, await admin.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
            var repository = RepositoryRoot();
            await RunAsync(repository, "dotnet", "tool", "restore");
            await RunAsync(repository, "dotnet", "tool", "run", "kiota", "generate", "-l", "CSharp", "-d", document, "-o", Path.Combine(work, "Client"),
                "-n", "Evently.Client", "-c", "EventlyClient", "--ll", "Warning");
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Operations", "KiotaClient", "Program.cs.txt"), Path.Combine(work, "Program.cs"));
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Operations", "KiotaClient", "Client.csproj.txt"), Path.Combine(work, "Client.csproj"));

            var output = await RunAsync(work, "dotnet", "run", "--project", Path.Combine(work, "Client.csproj"), "--", url.ToString(), eventId.ToString());

            Assert.Contains("problem 400 validation_failed quantity", output, StringComparison.Ordinal);
            Assert.Matches(@"booked [0-9a-f-]{36} 2 confirmed; cancelled [0-9a-f-]{36} cancelled", output);
            var shown = await (await admin.GetAsync(new Uri($"/api/v1/events/{eventId}", UriKind.Relative))).JsonAsync();
            Assert.Equal(50, shown.GetProperty("availableSeats").GetInt32());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Evently.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Evently.sln not found above the test binaries");
    }

    private static async Task<string> RunAsync(string workingDirectory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        start.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}");
        return output;
    }
}
