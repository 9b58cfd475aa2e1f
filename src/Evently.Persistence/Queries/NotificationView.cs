using System.Text.Json;

namespace Evently.Persistence.Queries;

/// <summary>An in-app notification; <see cref="Delivery"/> only when it also goes to a webhook.</summary>
public sealed record NotificationView(Guid Id, string Kind, Guid EventId, JsonElement Payload, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt,
    NotificationDelivery? Delivery = null);
