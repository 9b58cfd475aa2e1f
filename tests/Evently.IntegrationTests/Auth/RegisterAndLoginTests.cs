using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Auth;

[Collection(AuthCollection.Name)]
public sealed class RegisterAndLoginTests(AdminAppFixture fixture)
{
    private EventlyApp App => fixture.App;

    [Fact]
    public async Task Register_normalises_the_email_and_answers_201_with_the_user()
    {
        var local = $"Mixed.Case-{Guid.NewGuid():N}";
        using var client = App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = $"  {local}@Example.COM ", name = " Ada ", password = "Password-123" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = await response.JsonAsync();
        Assert.Equal($"{local.ToLowerInvariant()}@example.com", user.GetProperty("email").GetString());
        Assert.Equal("Ada", user.GetProperty("name").GetString());
        Assert.Equal("user", user.GetProperty("role").GetString());
        Assert.True(user.GetProperty("isActive").GetBoolean());
        Assert.NotEqual(Guid.Empty, user.GetProperty("id").GetGuid());
        Assert.True(user.TryGetProperty("createdAt", out _));
        Assert.False(user.TryGetProperty("passwordHash", out _));
        Assert.Equal($"/api/v1/admin/users/{user.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Passwords_are_stored_as_identity_hashes_never_in_clear()
    {
        var email = $"hash-{Guid.NewGuid():N}@example.com";
        await App.RegisterAsync(email, "Clear-Text-Password");

        var hash = await TestPostgres.ScalarAsync<string>(App.Directory, "SELECT password_hash FROM users WHERE email = @e", ("e", email));

        Assert.DoesNotContain("Clear-Text-Password", hash, StringComparison.Ordinal);
        Assert.Equal(0x01, Convert.FromBase64String(hash)[0]); // Identity's v3 format: PBKDF2 with salt.
    }

    [Fact]
    public async Task Registering_a_taken_email_in_any_case_or_spacing_is_409_email_taken()
    {
        var email = $"taken-{Guid.NewGuid():N}@example.com";
        await App.RegisterAsync(email);
        using var client = App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = $" {email.ToUpperInvariant()}", name = "Again", password = "Password-123" });

        await response.ProblemAsync(HttpStatusCode.Conflict, "email_taken");
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_email_create_one_account()
    {
        var email = $"race-{Guid.NewGuid():N}@example.com";
        using var client = App.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            client.PostAsJsonAsync("/api/v1/auth/register", new { email, name = "Racer", password = "Password-123" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    [Fact]
    public async Task Login_answers_a_bearer_token_with_its_expiry_and_the_user()
    {
        var email = $"login-{Guid.NewGuid():N}@example.com";
        await App.RegisterAsync(email);
        using var client = App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = $" {email.ToUpperInvariant()} ", password = "Password-123" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("accessToken").GetString()));
        Assert.InRange(body.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Equal(email, body.GetProperty("user").GetProperty("email").GetString());
        Assert.Equal("user", body.GetProperty("user").GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_seeded_admin_logs_in_as_admin_and_is_seeded_once()
    {
        using var client = App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = EventlyApp.AdminEmail, password = EventlyApp.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("admin", (await response.JsonAsync()).GetProperty("user").GetProperty("role").GetString());
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(App.Directory, "SELECT count(*) FROM users WHERE email = @e", ("e", EventlyApp.AdminEmail)));
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_get_the_same_401_invalid_credentials()
    {
        var email = $"enum-{Guid.NewGuid():N}@example.com";
        await App.RegisterAsync(email);
        using var client = App.CreateClient();

        var wrongPassword = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Wrong-Password" });
        var unknownEmail = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = $"nobody-{Guid.NewGuid():N}@example.com", password = "Wrong-Password" });

        await wrongPassword.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        await unknownEmail.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(await wrongPassword.Content.ReadAsStringAsync(), await unknownEmail.Content.ReadAsStringAsync());
        Assert.Equal(
            wrongPassword.Headers.Select(h => h.Key).Order(StringComparer.Ordinal),
            unknownEmail.Headers.Select(h => h.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_take_similar_time()
    {
        var email = $"timing-{Guid.NewGuid():N}@example.com";
        await App.RegisterAsync(email);
        using var client = App.CreateClient();
        async Task<double> MedianAsync(Func<int, string> emailOf)
        {
            var times = new List<double>();
            for (var i = 0; i < 7; i++)
            {
                // Each try from its own address: one address guessing one email is slowed down after a few failures.
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { email = emailOf(i), password = "Wrong-Password" }) };
                request.Headers.Add(ClientAddressHeader.Name, $"198.51.100.{i + 1}");
                var watch = Stopwatch.StartNew();
                var response = await client.SendAsync(request);
                times.Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            }

            return times.Order().ElementAt(times.Count / 2);
        }

        await MedianAsync(_ => "warm-up@example.com");
        var wrong = await MedianAsync(_ => email);
        var unknown = await MedianAsync(i => $"nobody-{i}-{Guid.NewGuid():N}@example.com");

        // Both verify a PBKDF2 hash of the same cost; a lookup that skipped hashing would be many times faster.
        Assert.InRange(unknown / wrong, 0.5, 2.0);
    }

    [Fact]
    public async Task A_disabled_account_gets_403_account_disabled_on_login_only_with_the_right_password()
    {
        var email = $"disabled-{Guid.NewGuid():N}@example.com";
        var (id, _) = await App.RegisterAsync(email);
        using var admin = App.ClientWithToken(await App.AdminTokenAsync());
        (await admin.PatchAsJsonAsync($"/api/v1/admin/users/{id}", new { isActive = false })).EnsureSuccessStatusCode();
        using var client = App.CreateClient();

        var right = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Password-123" });
        var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Wrong-Password" });

        await right.ProblemAsync(HttpStatusCode.Forbidden, "account_disabled");
        await wrong.ProblemAsync(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    public static TheoryData<string, string?, string> BadRegistrations => new()
    {
        { "empty object", "{}", "email" },
        { "missing name", """{"email":"a@example.com","password":"Password-123"}""", "name" },
        { "missing password", """{"email":"a@example.com","name":"A"}""", "password" },
        { "not an email", """{"email":"not-an-email","name":"A","password":"Password-123"}""", "email" },
        { "email with space", """{"email":"a b@example.com","name":"A","password":"Password-123"}""", "email" },
        { "email too long", $$"""{"email":"{{new string('a', 250)}}@example.com","name":"A","password":"Password-123"}""", "email" },
        { "blank name", """{"email":"a@example.com","name":"   ","password":"Password-123"}""", "name" },
        { "name too long", $$"""{"email":"a@example.com","name":"{{new string('n', 101)}}","password":"Password-123"}""", "name" },
        { "password too short", """{"email":"a@example.com","name":"A","password":"1234567"}""", "password" },
        { "password too long", $$"""{"email":"a@example.com","name":"A","password":"{{new string('p', 129)}}"}""", "password" },
        { "email is a number", """{"email":5,"name":"A","password":"Password-123"}""", "email" },
        { "password is a boolean", """{"email":"a@example.com","name":"A","password":true}""", "password" },
        { "name is an array", """{"email":"a@example.com","name":["A"],"password":"Password-123"}""", "name" },
        { "malformed JSON", """{"email":"a@example.com",""", "body" },
        { "JSON null", "null", "body" },
        { "empty body", "", "body" },
        { "a JSON array", "[]", "body" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task Bad_registrations_are_400_validation_failed_never_500(string why, string? body, string field)
    {
        _ = why;
        using var client = App.CreateClient();

        var response = await client.SendRawAsync(HttpMethod.Post, "/api/v1/auth/register", body);

        await response.ValidationFailedAsync(field);
    }

    public static TheoryData<string, string?, string> BadLogins => new()
    {
        { "empty object", "{}", "email" },
        { "missing password", """{"email":"a@example.com"}""", "password" },
        { "email too long", $$"""{"email":"{{new string('a', 255)}}","password":"x"}""", "email" },
        { "password too long", $$"""{"email":"a@example.com","password":"{{new string('p', 129)}}"}""", "password" },
        { "password is a number", """{"email":"a@example.com","password":12345678}""", "password" },
        { "malformed JSON", "{\"email\"", "body" },
        { "JSON null", "null", "body" },
        { "empty body", "", "body" },
    };

    [Theory]
    [MemberData(nameof(BadLogins))]
    public async Task Bad_logins_are_400_validation_failed_never_500(string why, string? body, string field)
    {
        _ = why;
        using var client = App.CreateClient();

        var response = await client.SendRawAsync(HttpMethod.Post, "/api/v1/auth/login", body);

        await response.ValidationFailedAsync(field);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_415_unsupported_media_type_and_an_oversized_body_is_refused()
    {
        using var client = App.CreateClient();

        var text = await client.SendRawAsync(HttpMethod.Post, "/api/v1/auth/register", "email=a@example.com", "text/plain");
        var huge = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = "a@example.com", name = new string('n', 200_000), password = "Password-123" });

        Assert.True((await text.ProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type")).TryGetProperty("errors", out _));
        // Kestrel stops the body at its size limit (413); the in-memory test server has none, so the field check answers.
        if (huge.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            await huge.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        }
        else
        {
            await huge.ValidationFailedAsync("name");
        }
    }
}
