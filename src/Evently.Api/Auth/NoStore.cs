namespace Evently.Api.Auth;

/// <summary>
/// <c>Cache-Control: no-store</c> on answers that carry a token or a secret (sign-in, sign-up, a webhook secret), set
/// before the handler runs so that every answer of the endpoint, a refusal included, has it: no browser, proxy or CDN
/// keeps a copy (docs/security.md#what-is-protected-and-how).
/// </summary>
public static class NoStore
{
    /// <summary>The endpoint filter.</summary>
    public static ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        Set(context.HttpContext);
        return next(context);
    }

    /// <summary>Marks <paramref name="context"/>'s answer as not to be stored.</summary>
    public static void Set(HttpContext context) => context.Response.Headers.CacheControl = "no-store";
}
