using System.Text.RegularExpressions;
using Evently.Api.Auth;
using Evently.Api.Http;
using Evently.Domain.Text;
using Evently.Persistence.Notifications;
using Evently.Persistence.Queries;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evently.Api.Notifications;

/// <summary>Operators' view of webhook delivery: failed deliveries, and redelivery of one or of all of a receiver's.</summary>
public static partial class WebhooksAdminApi
{
    /// <summary>Maps the <c>/admin/webhooks</c> endpoints.</summary>
    public static void MapWebhooksAdminApi(this IEndpointRouteBuilder api)
    {
        var webhooks = api.MapGroup("/admin/webhooks").RequireAuthorization(AuthPolicies.Admin).WithTags("Webhooks");
        webhooks.MapGet("/failed", ListFailedAsync).WithName("ListFailedWebhooks")
            .WithSummary("Webhook deliveries given up after the retry schedule, newest first; ?receiver= (an origin such as https://hooks.example.com) narrows to one receiver.");
        webhooks.MapPost("/deliveries/{id:guid}/redeliver", RedeliverOneAsync).WithName("RedeliverWebhook").Answers(404, ErrorCodes.NotificationNotFound)
            .WithSummary("Queues one notification's webhook again with a fresh retry schedule (failed or delivered; a pending one is left as it is).");
        webhooks.MapPost("/redeliver", RedeliverReceiverAsync).WithName("RedeliverReceiverWebhooks")
            .WithSummary("Queues every failed delivery to one receiver (origin) again with a fresh retry schedule.");
    }

    /// <summary>scheme://host[:port], lower-case, as the outbox stores each row's receiver; null when <paramref name="value"/> is no http(s) URL.</summary>
    public static string? Receiver(string? value)
    {
        if (value is null || value.Length > 2000 || StoredText.HasControl(value)
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var match = OriginPattern().Match(value);
        return match.Success && match.Value.Length > uri.Scheme.Length + 3 ? match.Value.ToLowerInvariant() : null;
    }

    private static async Task<Results<Ok<Paged<FailedDelivery>>, ProblemHttpResult>> ListFailedAsync(
        WebhookDeliveries deliveries, string? receiver, [AsParameters] PageRequest paging, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var (p, size) = paging.Read(errors);
        var origin = receiver is null ? null : Receiver(receiver);
        errors.Check(receiver is not null && origin is null, "receiver", "receiver must be an http or https URL or origin.");
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(await deliveries.FailedAsync(origin, p, size, cancellationToken));
    }

    private static async Task<Results<Accepted<RedeliveryResponse>, ProblemHttpResult>> RedeliverOneAsync(
        Guid id, WebhookDeliveries deliveries, CancellationToken cancellationToken)
    {
        var outcome = await deliveries.RedeliverAsync(id, cancellationToken);
        return outcome == RedeliveryOutcome.NotFound
            ? Problems.NotFound(ErrorCodes.NotificationNotFound, "No notification with a webhook has this id.")
            : TypedResults.Accepted((string?)null, new RedeliveryResponse(id, DeliveryStatus.Pending, outcome == RedeliveryOutcome.Queued));
    }

    private static async Task<Results<Accepted<ReceiverRedeliveryResponse>, ProblemHttpResult>> RedeliverReceiverAsync(
        RedeliverRequest? body, WebhookDeliveries deliveries, CancellationToken cancellationToken)
    {
        var origin = Receiver(body?.Receiver);
        if (origin is null)
        {
            return Problems.Validation("receiver", "receiver is required: an http or https URL or origin, e.g. https://hooks.example.com.");
        }

        var queued = await deliveries.RedeliverFailedAsync(origin, cancellationToken);
        return TypedResults.Accepted((string?)null, new ReceiverRedeliveryResponse(origin, queued));
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")]
    private static partial Regex OriginPattern();
}
