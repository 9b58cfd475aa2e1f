using System.Net;
using Evently.Domain.Text;
using Evently.Grains.Notifications;
using Microsoft.Extensions.Options;

namespace Evently.Api.Waitlists;

/// <summary>
/// Which webhook URLs users may give: absolute http/https only, and never an address literal that is not global unicast,
/// nor this server's own (server-side request forgery), unless the host is in <see cref="WebhookOptions.AllowedHosts"/>.
/// Names are checked again by the dispatcher at every connect, against the address it connects to.
/// </summary>
public sealed class WebhookUrlPolicy(IOptions<WebhookOptions> options)
{
    private readonly HashSet<string> _allowedHosts = new(options.Value.AllowedHosts, StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when <paramref name="url"/> is acceptable, else why not.</summary>
    public string? Check(string url)
    {
        // Checked first: Uri parses past a NUL, which PostgreSQL would then refuse for the whole batch the join is in.
        if (StoredText.HasControl(url))
        {
            return "webhookUrl must not contain control characters.";
        }

        if (url.Length > 2000 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "webhookUrl must be an absolute http or https URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "webhookUrl must not carry credentials.";
        }

        if (WebhookTargets.IsAllowed(_allowedHosts, uri.Host, uri.Port))
        {
            return null;
        }

        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "webhookUrl must not target this server.";
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && WebhookTargets.IsRefused(address, WebhookTargets.OwnAddresses())
            ? "webhookUrl must target a global unicast address: not this server, nor a private, loopback, link-local, shared, benchmarking, documentation, NAT64, 6to4, multicast or broadcast one."
            : null;
    }
}
