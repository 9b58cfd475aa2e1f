using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;
using PuppeteerSharp;

namespace Evently.IntegrationTests.Operations;

/// <summary>
/// The Orleans Dashboard in a real browser (Debian's headless Chromium, driven by PuppeteerSharp; no browser download),
/// against the real front-end process: an admin signs in at /dashboard-login, opens Grain Details for a real event and
/// sees its live state; a user and an anonymous visitor see nothing of it.
/// </summary>
public sealed class DashboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private const string EventGrainType = "Evently.Grains.Events.EventGrain";

    [Fact]
    public async Task An_admin_sees_an_event_grains_live_state_in_Grain_Details_and_a_user_or_anonymous_does_not()
    {
        Assert.True(File.Exists(Chromium), ".ci/run installs Debian's chromium package");
        var url = EventlyProcess.FreeUrl();
        await using var server = await EventlyProcess.StartDevelopmentAsync(url);

        using var admin = await CrashRestartTests.ClientAsync(url, c => CrashRestartTests.LoginAsync(c, "admin@evently.local", "Evently-Admin-2026!"));
        var eventId = await CrashRestartTests.CreateEventAsync(admin, capacity: 777);
        var userEmail = $"user-{Guid.NewGuid():N}@example.com";
        using var plain = new HttpClient { BaseAddress = url };
        Assert.True((await plain.PostAsJsonAsync("/api/v1/auth/register", new { email = userEmail, name = "Dashboard Visitor", password = "Password-123" })).IsSuccessStatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Created, (await admin.BookAsync(eventId, 3)).StatusCode);

        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = Chromium,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });

        // The admin: sign in through the form, then Grain Details → EventGrain → the event's id → Show Details.
        await using (var context = await browser.CreateBrowserContextAsync())
        {
            var page = await context.NewPageAsync();
            await SignInAsync(page, url, "admin@evently.local", "Evently-Admin-2026!");
            Assert.StartsWith(new Uri(url, "/dashboard/").ToString(), page.Url, StringComparison.Ordinal);
            await page.GoToAsync(new Uri(url, "/dashboard/#/grainDetails").ToString());
            await page.WaitForSelectorAsync($"select option[value='{EventGrainType}']");
            await page.SelectAsync("select", EventGrainType);
            await page.TypeAsync("input[placeholder='Grain Id']", eventId.ToString());
            await page.ClickAsync("input[value='Show Details']");
            await page.WaitForFunctionAsync("() => [...document.querySelectorAll('pre')].some(p => p.textContent.includes('TotalCapacity'))");
            var shown = await page.EvaluateExpressionAsync<string>("[...document.querySelectorAll('pre')].map(p => p.textContent).join('\\n')");

            Assert.Contains(eventId.ToString(), shown, StringComparison.Ordinal);
            Assert.Contains("\"TotalCapacity\": 777", shown, StringComparison.Ordinal);
            Assert.Contains("\"Available\": 774", shown, StringComparison.Ordinal);
            Assert.Contains("\"Sold\": 3", shown, StringComparison.Ordinal);
            Assert.Contains("\"PendingRequests\"", shown, StringComparison.Ordinal);
            Assert.Contains("\"Silo\": \"S127.0.0.1:", shown, StringComparison.Ordinal);
        }

        var stateUrl = new Uri(url, $"/dashboard/GrainState?grainId={eventId}&grainType={EventGrainType}").ToString();

        // A user: the form refuses them, and the dashboard's data is not theirs to read.
        await using (var context = await browser.CreateBrowserContextAsync())
        {
            var page = await context.NewPageAsync();
            var refused = await SignInAsync(page, url, userEmail, "Password-123");
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.Status);
            Assert.Contains("may not open the dashboard", await page.GetContentAsync(), StringComparison.Ordinal);
            var state = await page.GoToAsync(stateUrl);
            Assert.DoesNotContain("TotalCapacity", await state.TextAsync(), StringComparison.Ordinal);
            Assert.StartsWith(new Uri(url, "/dashboard-login").ToString(), page.Url, StringComparison.Ordinal);
        }

        // Anonymous: sent to the form, never shown the state.
        await using (var context = await browser.CreateBrowserContextAsync())
        {
            var page = await context.NewPageAsync();
            await page.GoToAsync(new Uri(url, "/dashboard/#/grainDetails").ToString());
            Assert.StartsWith(new Uri(url, "/dashboard-login").ToString(), page.Url, StringComparison.Ordinal);
            var state = await page.GoToAsync(stateUrl);
            Assert.DoesNotContain("TotalCapacity", await state.TextAsync(), StringComparison.Ordinal);
            Assert.StartsWith(new Uri(url, "/dashboard-login").ToString(), page.Url, StringComparison.Ordinal);
        }
    }

    private static async Task<IResponse> SignInAsync(IPage page, Uri url, string email, string password)
    {
        await page.GoToAsync(new Uri(url, "/dashboard-login").ToString());
        await page.TypeAsync("input[name=email]", email);
        await page.TypeAsync("input[name=password]", password);
        var navigation = page.WaitForNavigationAsync();
        await page.ClickAsync("button[type=submit]");
        return await navigation;
    }
}
