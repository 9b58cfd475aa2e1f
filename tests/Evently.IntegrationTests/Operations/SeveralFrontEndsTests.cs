using System.Net;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Operations;

/// <summary>
/// Two front-end processes (client topology, as behind a load balancer) of one cluster, each with its own home folder
/// and so no local key store in common: a dashboard cookie issued by one is accepted by the other (the Data Protection
/// key ring lives in the directory database), and so is a token (the same configured JWT key).
/// </summary>
public sealed class SeveralFrontEndsTests
{
    private const string AdminPassword = "Several-Front-Ends-2026!";

    [Fact]
    public async Task A_dashboard_cookie_and_a_token_from_one_front_end_work_on_the_other()
    {
        var (directory, shards) = await TestPostgres.CreateDatabasesAsync(1);
        var databases = await TestSilo.PrepareAsync(directory, shards);
        using var silo = await TestSilo.StartAsync(databases);
        var homes = new[] { Directory.CreateTempSubdirectory("evently-home-a-").FullName, Directory.CreateTempSubdirectory("evently-home-b-").FullName };
        try
        {
            var urls = new[] { EventlyProcess.FreeUrl(), EventlyProcess.FreeUrl() };
            var started = urls.Select((url, i) => EventlyProcess.StartReadyAsync(url, new Dictionary<string, string>
            {
                ["HOME"] = homes[i],
                ["ASPNETCORE_URLS"] = url.GetLeftPart(UriPartial.Authority),
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Evently__Topology"] = "client",
                ["ConnectionStrings__Directory"] = directory,
                ["ConnectionStrings__Shard0"] = shards[0],
                ["Evently__Shards__Count"] = "1",
                ["Evently__Database__MaxPoolSize"] = "10",
                ["Evently__Jwt__SigningKey"] = "several-front-ends-test-signing-key-0123456789-abcdefghijklmnop",
                ["Evently__Admin__Email"] = "admin@evently.local",
                ["Evently__Admin__Password"] = AdminPassword,
                ["Evently__Webhooks__SigningSecret"] = "several-front-ends-webhook-secret",
            })).ToList();
            await using var first = await started[0];
            await using var second = await started[1];

            // Signed in to the dashboard on the first front end...
            using var browserA = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = urls[0] };
            var signedIn = await browserA.PostAsync(new Uri("/dashboard-login", UriKind.Relative),
                new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "admin@evently.local", ["password"] = AdminPassword }));
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            var cookie = signedIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

            // ...the cookie opens the dashboard on the second.
            using var browserB = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = urls[1] };
            var stats = new HttpRequestMessage(HttpMethod.Get, "/dashboard/ClusterStats");
            stats.Headers.Add("Cookie", cookie);
            Assert.Equal(HttpStatusCode.OK, (await browserB.SendAsync(stats)).StatusCode);
            var forged = new HttpRequestMessage(HttpMethod.Get, "/dashboard/ClusterStats");
            forged.Headers.Add("Cookie", cookie[..^4] + "AAAA");
            Assert.NotEqual(HttpStatusCode.OK, (await browserB.SendAsync(forged)).StatusCode);

            // A token from the first works on the second.
            using var apiA = new HttpClient { BaseAddress = urls[0] };
            var token = await CrashRestartTests.LoginAsync(apiA, "admin@evently.local", AdminPassword);
            using var apiB = new HttpClient { BaseAddress = urls[1] };
            apiB.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await apiB.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).StatusCode);

            // The key ring is in the directory database, not in either home folder.
            Assert.True(await TestPostgres.ScalarAsync<long>(directory, "SELECT count(*) FROM data_protection_keys") >= 1);
            Assert.All(homes, home => Assert.False(Directory.Exists(Path.Combine(home, ".aspnet", "DataProtection-Keys"))
                && Directory.EnumerateFiles(Path.Combine(home, ".aspnet", "DataProtection-Keys")).Any()));
        }
        finally
        {
            foreach (var home in homes)
            {
                Directory.Delete(home, recursive: true);
            }

            await silo.StopAsync();
        }
    }
}
