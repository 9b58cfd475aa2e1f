using System.Net;
using System.Net.Http.Json;
using Evently.Api.Auth;
using Evently.IntegrationTests.Auth;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Security;

/// <summary>Finding 6: weak passwords. NIST SP 800-63B: no composition rules, but no blank or well-known passwords.</summary>
[Collection(AuthCollection.Name)]
public sealed class PasswordPolicyTests(AdminAppFixture fixture)
{
    private EventlyApp App => fixture.App;

    [Theory]
    [InlineData("password")]
    [InlineData("        ")]
    [InlineData("\t \t \t \t ")]
    [InlineData("12345678")]
    [InlineData("Password1")]
    [InlineData("QWERTY123")]
    [InlineData("iloveyou")]
    [InlineData(" password ")]
    public async Task Registration_refuses_blank_and_common_passwords_with_a_field_error(string password)
    {
        using var client = App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = $"weak-{Guid.NewGuid():N}@example.com", name = "Weak", password });

        await response.ValidationFailedAsync("password");
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("{1}")]
    [InlineData(" {0} ")]
    public async Task Registration_refuses_the_accounts_own_email_or_its_name_part(string pattern)
    {
        var name = $"someone-{Guid.NewGuid():N}";
        var email = $"{name}@example.com";
        using var client = App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, name = "Someone", password = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, email.ToUpperInvariant(), name) });

        await response.ValidationFailedAsync("password");
    }

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("alllowercaseletters")]
    [InlineData("Password-123")]
    public async Task Long_uncommon_passwords_need_no_digits_or_symbols(string password)
    {
        using var client = App.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email = $"strong-{Guid.NewGuid():N}@example.com", name = "Strong", password });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public void The_built_in_list_holds_hundreds_of_common_passwords_and_refuses_each()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Evently.Api.Auth.common-passwords.txt")!;
        using var reader = new StreamReader(stream);
        var entries = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#')).ToList();

        Assert.True(PasswordPolicy.CommonCount >= 500, $"only {PasswordPolicy.CommonCount} common passwords");
        Assert.All(entries.Where(e => e.Length >= Passwords.MinLength), e => Assert.NotNull(PasswordPolicy.Problem(e)));
        Assert.All(entries.Where(e => e.Length >= Passwords.MinLength), e => Assert.NotNull(PasswordPolicy.Problem(e.ToUpperInvariant())));
        Assert.Null(PasswordPolicy.Problem("Evently-Admin-2026!"));
    }
}
