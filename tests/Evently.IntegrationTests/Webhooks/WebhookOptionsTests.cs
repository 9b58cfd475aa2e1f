using Evently.Grains.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Evently.IntegrationTests.Webhooks;

/// <summary>The signing secret outside Development, and the retry schedule's shape.</summary>
public sealed class WebhookOptionsTests
{
    [Fact]
    public void Outside_Development_without_a_secret_start_up_is_refused_with_a_clear_message()
    {
        var secrets = Secrets(Environments.Production);
        var options = new WebhookOptions();

        secrets.PostConfigure(null, options);
        var result = secrets.Validate(null, options);

        Assert.Null(options.SigningSecret);
        Assert.True(result.Failed);
        Assert.Contains("Evently:Webhooks:SigningSecret is not set", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_published_development_secret_is_refused_outside_Development_and_used_in_it()
    {
        var production = new WebhookOptions { SigningSecret = WebhookSecrets.DevelopmentSecret };
        var development = new WebhookOptions();
        Secrets(Environments.Development).PostConfigure(null, development);

        Assert.True(Secrets(Environments.Production).Validate(null, production).Failed);
        Assert.Equal(WebhookSecrets.DevelopmentSecret, development.SigningSecret);
        Assert.True(Secrets(Environments.Development).Validate(null, development).Succeeded);
    }

    [Theory]
    [InlineData(WebhookSecrets.DevelopmentSecret)]
    [InlineData("change-me-to-a-random-webhook-secret")]
    public void Every_webhook_secret_this_repository_published_is_refused_outside_Development(string published)
    {
        var result = Secrets(Environments.Production).Validate(null, new WebhookOptions { SigningSecret = published });

        Assert.True(result.Failed, $"{published} was accepted outside Development");
        Assert.Contains("published", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short", false)]
    [InlineData("whsec_not*base64", false)]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    [InlineData("a-long-enough-plain-secret", true)]
    public void Secrets_must_be_long_enough_and_whsec_secrets_valid_base64(string secret, bool valid) =>
        Assert.Equal(valid, Secrets(Environments.Production).Validate(null, new WebhookOptions { SigningSecret = secret }).Succeeded);

    [Fact]
    public void The_default_schedule_doubles_from_30_seconds_to_2_hours_and_ends_24_hours_after_the_first_attempt()
    {
        var options = new WebhookOptions();
        var start = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var now = start;
        var delays = new List<TimeSpan>();
        for (var attempts = 1; ; attempts++)
        {
            var next = WebhookRetrySchedule.Next(options, attempts, start, now);
            if (next is null)
            {
                break;
            }

            delays.Add(next.Value - now);
            now = next.Value;
        }

        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4)], delays.Take(4));
        Assert.Equal(TimeSpan.FromHours(2), delays.Max());
        Assert.Equal(start.AddHours(24), now); // the last attempt is at the end of the window, then it is given up
        Assert.InRange(delays.Count + 1, 15, 25);
    }

    private static WebhookSecrets Secrets(string environment) =>
        new(new HostingEnvironment { EnvironmentName = environment }, new ServiceCollection().BuildServiceProvider(), NullLogger<WebhookSecrets>.Instance);
}
