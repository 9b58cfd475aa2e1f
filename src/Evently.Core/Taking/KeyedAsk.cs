namespace Evently.Core.Taking;

/// <summary>An idempotency key and what the request made with it asked for.</summary>
internal sealed record KeyedAsk(string Key, RequestShape Asked);
