using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Auth;

[Collection(AuthCollection.Name)]
public sealed class AdminUsersTests(AdminAppFixture fixture)
{
    private EventlyApp App => fixture.App;

    private async Task<HttpClient> AdminAsync() => App.ClientWithToken(await App.AdminTokenAsync());

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient client, Guid id, object body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/admin/users/{id}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Admins_find_users_by_email_case_insensitively_in_pages()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 3; i++)
        {
            await App.RegisterAsync($"find-{tag}-{i}@example.com");
        }

        using var admin = await AdminAsync();

        var first = await (await admin.GetAsync(new Uri($"/api/v1/admin/users?email={tag.ToUpperInvariant()}&pageSize=2", UriKind.Relative))).JsonAsync();
        var second = await (await admin.GetAsync(new Uri($"/api/v1/admin/users?email={tag}&page=2&pageSize=2", UriKind.Relative))).JsonAsync();
        var exact = await (await admin.GetAsync(new Uri($"/api/v1/admin/users?email=find-{tag}-1@example.com", UriKind.Relative))).JsonAsync();

        Assert.Equal(3, first.GetProperty("totalCount").GetInt64());
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        Assert.Equal($"find-{tag}-0@example.com", first.GetProperty("items")[0].GetProperty("email").GetString());
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        Assert.Equal(1, exact.GetProperty("totalCount").GetInt64());
        Assert.False(exact.GetProperty("items")[0].TryGetProperty("passwordHash", out _));
    }

    [Fact]
    public async Task Like_wildcards_in_the_email_filter_are_literal()
    {
        using var admin = await AdminAsync();

        var response = await admin.GetAsync(new Uri("/api/v1/admin/users?email=%25", UriKind.Relative));

        Assert.Equal(0, (await response.JsonAsync()).GetProperty("totalCount").GetInt64());
    }

    [Theory]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=101", "pageSize")]
    [InlineData("?page=0", "page")]
    [InlineData("?page=abc", "page")]
    public async Task Bad_paging_is_400(string query, string field)
    {
        using var admin = await AdminAsync();

        var response = await admin.GetAsync(new Uri($"/api/v1/admin/users{query}", UriKind.Relative));

        await response.ValidationFailedAsync(field);
    }

    [Fact]
    public async Task An_oversized_email_filter_is_400()
    {
        using var admin = await AdminAsync();

        var response = await admin.GetAsync(new Uri($"/api/v1/admin/users?email={new string('a', 300)}", UriKind.Relative));

        await response.ValidationFailedAsync("email");
    }

    [Fact]
    public async Task Plain_users_get_403_forbidden_on_admin_endpoints()
    {
        var (id, token) = await App.RegisterAsync();
        using var user = App.ClientWithToken(token);

        await (await user.GetAsync(new Uri("/api/v1/admin/users", UriKind.Relative))).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await PatchAsync(user, id, new { role = "admin" })).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Get_one_user_has_its_version_as_ETag_and_an_unknown_id_is_404_user_not_found()
    {
        var (id, _) = await App.RegisterAsync();
        using var admin = await AdminAsync();

        var found = await admin.GetAsync(new Uri($"/api/v1/admin/users/{id}", UriKind.Relative));
        var missing = await admin.GetAsync(new Uri($"/api/v1/admin/users/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal("\"1\"", found.Headers.ETag?.Tag);
        await missing.ProblemAsync(HttpStatusCode.NotFound, "user_not_found");
    }

    [Fact]
    public async Task Patch_changes_role_bumps_the_version_and_honours_If_Match()
    {
        var (id, _) = await App.RegisterAsync();
        using var admin = await AdminAsync();

        var promoted = await PatchAsync(admin, id, new { role = "admin" }, ifMatch: "\"1\"");
        var stale = await PatchAsync(admin, id, new { role = "user" }, ifMatch: "\"1\"");
        var weak = await PatchAsync(admin, id, new { role = "user" }, ifMatch: "W/\"2\"");

        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        var body = await promoted.JsonAsync();
        Assert.Equal("admin", body.GetProperty("role").GetString());
        Assert.Equal(2, body.GetProperty("version").GetInt32());
        Assert.Equal("\"2\"", promoted.Headers.ETag?.Tag);
        await stale.ProblemAsync(HttpStatusCode.PreconditionFailed, "version_mismatch");
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Equal(3, (await weak.JsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal(3L, (long)await TestPostgres.ScalarAsync<int>(App.Directory, "SELECT version FROM users WHERE id = @id", ("id", id)));
    }

    [Fact]
    public async Task An_empty_patch_changes_nothing_and_keeps_the_version()
    {
        var (id, _) = await App.RegisterAsync();
        using var admin = await AdminAsync();

        var response = await PatchAsync(admin, id, new { });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.JsonAsync()).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Patching_an_unknown_user_is_404_user_not_found()
    {
        using var admin = await AdminAsync();

        var response = await PatchAsync(admin, Guid.NewGuid(), new { isActive = false });

        await response.ProblemAsync(HttpStatusCode.NotFound, "user_not_found");
    }

    public static TheoryData<string, string, string?> BadPatches => new()
    {
        { """{"role":"superuser"}""", "role", null },
        { """{"role":"Admin"}""", "role", null },
        { """{"role":1}""", "role", null },
        { """{"isActive":"yes"}""", "isActive", null },
        { """{"isActive":""", "body", null },
        { "null", "body", null },
        { """{"isActive":false}""", "If-Match", "\"abc\"" },
        { """{"isActive":false}""", "If-Match", "\"-1\"" },
    };

    [Theory]
    [MemberData(nameof(BadPatches))]
    public async Task Bad_patches_are_400_validation_failed(string body, string field, string? ifMatch)
    {
        var (id, _) = await App.RegisterAsync();
        using var admin = await AdminAsync();
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/admin/users/{id}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var response = await admin.SendAsync(request);

        await response.ValidationFailedAsync(field);
        Assert.Equal(1, await TestPostgres.ScalarAsync<int>(App.Directory, "SELECT version FROM users WHERE id = @id", ("id", id)));
    }

    [Fact]
    public async Task A_disabled_users_existing_token_is_refused_from_the_next_request_on()
    {
        var (id, token) = await App.RegisterAsync();
        using var user = App.ClientWithToken(token);
        using var admin = await AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).StatusCode);

        (await PatchAsync(admin, id, new { isActive = false })).EnsureSuccessStatusCode();
        var refused = await user.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative));
        var bookings = await user.GetAsync(new Uri("/api/v1/bookings", UriKind.Relative));

        await refused.ProblemAsync(HttpStatusCode.Forbidden, "account_disabled");
        await bookings.ProblemAsync(HttpStatusCode.Forbidden, "account_disabled");
    }

    [Fact]
    public async Task Re_enabling_a_user_does_not_revive_old_tokens_but_a_new_login_works()
    {
        var email = $"revive-{Guid.NewGuid():N}@example.com";
        var (id, oldToken) = await App.RegisterAsync(email);
        using var admin = await AdminAsync();
        (await PatchAsync(admin, id, new { isActive = false })).EnsureSuccessStatusCode();
        (await PatchAsync(admin, id, new { isActive = true })).EnsureSuccessStatusCode();

        using var old = App.ClientWithToken(oldToken);
        using var fresh = App.ClientWithToken(await App.LoginAsync(email, "Password-123"));

        await (await old.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync(new Uri("/api/v1/users/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_role_change_takes_effect_with_the_next_login_and_revokes_the_old_token()
    {
        var email = $"promote-{Guid.NewGuid():N}@example.com";
        var (id, userToken) = await App.RegisterAsync(email);
        using var admin = await AdminAsync();
        (await PatchAsync(admin, id, new { role = "admin" })).EnsureSuccessStatusCode();

        using var old = App.ClientWithToken(userToken);
        using var promoted = App.ClientWithToken(await App.LoginAsync(email, "Password-123"));

        await (await old.GetAsync(new Uri("/api/v1/admin/users", UriKind.Relative))).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, (await promoted.GetAsync(new Uri("/api/v1/admin/users", UriKind.Relative))).StatusCode);

        (await PatchAsync(admin, id, new { role = "user" })).EnsureSuccessStatusCode();
        await (await promoted.GetAsync(new Uri("/api/v1/admin/users", UriKind.Relative))).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Concurrent_patches_with_the_same_If_Match_let_exactly_one_through()
    {
        var (id, _) = await App.RegisterAsync();
        using var admin = await AdminAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PatchAsync(admin, id, new { role = "admin" }, ifMatch: "\"1\"")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
    }

    [Fact]
    public async Task An_admin_cannot_demote_or_disable_themselves()
    {
        var email = $"self-{Guid.NewGuid():N}@example.com";
        var (id, _) = await App.RegisterAsync(email);
        using (var seeded = await AdminAsync())
        {
            (await PatchAsync(seeded, id, new { role = "admin" })).EnsureSuccessStatusCode();
        }

        using var self = App.ClientWithToken(await App.LoginAsync(email, "Password-123"));

        await (await PatchAsync(self, id, new { role = "user" })).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await PatchAsync(self, id, new { isActive = false })).ProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, (await self.GetAsync(new Uri("/api/v1/admin/users", UriKind.Relative))).StatusCode);
    }
}
