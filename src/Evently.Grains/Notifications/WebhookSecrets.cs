using System.Security.Cryptography;
using Evently.Persistence.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Evently.Grains.Notifications;

/// <summary>
/// Where the webhook signing secret comes from: <c>Evently:Webhooks:SigningSecret</c> when set; else, in Development,
/// <see cref="DevelopmentSecret"/>; else, on a single machine running the embedded database, a random secret generated
/// once and kept next to the database files; else start-up stops (<see cref="Validate"/>).
/// </summary>
public sealed partial class WebhookSecrets(IHostEnvironment environment, IServiceProvider services, ILogger<WebhookSecrets> logger)
    : IPostConfigureOptions<WebhookOptions>, IValidateOptions<WebhookOptions>
{
    /// <summary>The documented secret of Development. Anyone can read it: never use it elsewhere.</summary>
    public const string DevelopmentSecret = "evently-development-webhook-secret";

    /// <summary>
    /// Every webhook secret this repository ever printed: the Development one and the example an older
    /// docker-compose.yml carried. Anyone can read them, so none may sign anything outside Development.
    /// </summary>
    public static IReadOnlyList<string> PublishedSecrets { get; } = [DevelopmentSecret, "change-me-to-a-random-webhook-secret"];

    /// <summary>The secret file's name in the embedded database's parent folder.</summary>
    public const string FileName = "webhook-signing-secret";

    /// <summary>Shortest secret accepted (bytes of its key).</summary>
    public const int MinimumBytes = 16;

    // IOptions and IOptionsMonitor each build the options once: say where the secret comes from only the first time.
    private int _told;

    /// <inheritdoc />
    public void PostConfigure(string? name, WebhookOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            return;
        }

        if (environment.IsDevelopment())
        {
            if (Interlocked.Exchange(ref _told, 1) == 0)
            {
                LogDevelopmentSecret(logger);
            }

            options.SigningSecret = DevelopmentSecret;
        }
        else if (services.GetService<EmbeddedPostgres>() is { } embedded)
        {
            var path = Path.Combine(embedded.HomeDirectory, FileName);
            if (Interlocked.Exchange(ref _told, 1) == 0)
            {
                LogLocalSecret(logger, path);
            }

            options.SigningSecret = LoadOrCreate(path);
        }
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.SigningSecret))
        {
            return ValidateOptionsResult.Fail($"{WebhookOptions.Section}:SigningSecret is not set. Outside Development, with configured databases, " +
                "set it to a secret of your own (for example `whsec_` followed by the output of `openssl rand -base64 32`), the same on every silo.");
        }

        if (!environment.IsDevelopment() && PublishedSecrets.Contains(options.SigningSecret))
        {
            return ValidateOptionsResult.Fail($"{WebhookOptions.Section}:SigningSecret is the published Development secret or an example published with Evently; set a secret of your own outside Development.");
        }

        if (!WebhookSignature.TryKey(options.SigningSecret, out var key) || key.Length < MinimumBytes)
        {
            return ValidateOptionsResult.Fail($"{WebhookOptions.Section}:SigningSecret must hold at least {MinimumBytes} bytes (a whsec_ secret: valid base64 after the prefix).");
        }

        return ValidateOptionsResult.Success;
    }

    // Several processes of one machine may start together: the first to create the file wins, the others read it.
    private static string LoadOrCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            using (var stream = new FileStream(path, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(secret);
            }

            return secret;
        }
        catch (IOException) when (File.Exists(path))
        {
            for (var attempt = 0; ; attempt++)
            {
                var secret = File.ReadAllText(path).Trim();
                if (secret.Length > 0 || attempt >= 50)
                {
                    return secret;
                }

                Thread.Sleep(20);
            }
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Evently:Webhooks:SigningSecret is not set: using the documented Development secret")]
    private static partial void LogDevelopmentSecret(ILogger logger);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Evently:Webhooks:SigningSecret is not set: using the local secret in {Path} (single machine, embedded database)")]
    private static partial void LogLocalSecret(ILogger logger, string path);
}
