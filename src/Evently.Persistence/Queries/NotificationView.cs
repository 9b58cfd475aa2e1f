using System.Text.Json;

namespace Evently.Persistence.Queries;

/// <summary>An in-app notification.</summary>
public sealed record NotificationView(Guid Id, string Kind, Guid EventId, JsonElement Payload, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);
