namespace Evently.Api.Hosting;

/// <summary>
/// <c>GET /</c>: a small JSON index of where to go (docs/api.md#operations), so that whoever opens the bare address, a
/// person or a script, finds the reference, the OpenAPI document, readiness and the API without guessing.
/// </summary>
public static class RootIndex
{
    /// <summary>Maps <c>GET /</c>, anonymous and outside the OpenAPI document.</summary>
    public static void MapRootIndex(this IEndpointRouteBuilder app) =>
        app.MapGet("/", () => TypedResults.Ok(new Index("Evently API", "1.0", new Links())))
            .AllowAnonymous()
            .ExcludeFromDescription();

    /// <summary>The index.</summary>
    public sealed record Index(string Name, string Version, Links Links);

    /// <summary>The links, relative to this server.</summary>
    public sealed record Links(
        string Docs = "/docs",
        string Openapi = "/openapi/v1.json",
        string Health = "/health/ready",
        string Api = "/api/v1",
        string Events = "/api/v1/events",
        string Dashboard = "/dashboard");
}
