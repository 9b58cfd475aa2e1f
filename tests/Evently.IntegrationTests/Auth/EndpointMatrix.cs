using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Evently.IntegrationTests.Auth;

/// <summary>How the authorization matrix reads an endpoint: its methods, its policies, whether it is allowed anonymous.</summary>
public sealed record EndpointMatrix(string Method, string Pattern, RoutePattern Route, IReadOnlyList<string> Policies, bool AllowsAnonymous)
{
    /// <summary>Endpoints anyone may call, as "METHOD pattern" ("ANY" when the endpoint takes every method; a trailing * is a prefix).</summary>
    public static readonly IReadOnlyList<string> AnonymousAllowList =
    [
        "ANY /health/live",
        "GET /",
        "ANY /health/ready",
        "GET /openapi/{documentName}.json",
        "GET /docs/*",
        "POST /api/v1/auth/register",
        "POST /api/v1/auth/login",
        "GET /api/v1/events/",
        "GET /api/v1/events/{id:guid}",
        "GET /api/v1/events/{id:guid}/seating-plan",
        "GET /api/v1/events/{id:guid}/seats",
        "GET /dashboard-login",
        "POST /dashboard-login",
        "GET /dashboard/logout",
        "POST /dashboard/logout",
    ];

    /// <summary>
    /// Policies no plain user passes: admins only (the metrics scrape also lets its own token in), and organizers (who pass "organizer" too; the matrix calls as a plain
    /// user and an admin, and the organizer's own cells are tested in OrganizerTests, DraftTests and AttendeeTests).
    /// </summary>
    public static readonly IReadOnlySet<string> AdminPolicies = new HashSet<string>(StringComparer.Ordinal) { "admin", "dashboard", "organizer", "metrics" };

    /// <summary>"METHOD pattern".</summary>
    public string Key => $"{Method} {Pattern}";

    /// <summary>True when the allow-list names this endpoint.</summary>
    public bool IsAllowListed => AnonymousAllowList.Any(Matches);

    /// <summary>True when some policy guards it.</summary>
    public bool IsProtected => Policies.Count > 0 && !AllowsAnonymous;

    /// <summary>True when only admins may call it.</summary>
    public bool IsAdminOnly => Policies.Any(AdminPolicies.Contains);

    /// <summary>One row per method of every route endpoint.</summary>
    public static IReadOnlyList<EndpointMatrix> Read(EndpointDataSource source) =>
        source.Endpoints.OfType<RouteEndpoint>().SelectMany(Read).ToList();

    /// <summary>The rows of one endpoint.</summary>
    public static IEnumerable<EndpointMatrix> Read(RouteEndpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        var policies = metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? "(default)")
            .Concat(metadata.GetOrderedMetadata<AuthorizationPolicy>().Select(_ => "(policy object)"))
            .ToList();
        var anonymous = metadata.GetMetadata<IAllowAnonymous>() is not null;
        var methods = metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } listed ? listed : ["ANY"];
        return methods.Select(m => new EndpointMatrix(m, endpoint.RoutePattern.RawText ?? "?", endpoint.RoutePattern, policies, anonymous));
    }

    /// <summary>
    /// What is wrong with how this endpoint is guarded, before calling it: null when it is protected by a policy or
    /// deliberately anonymous.
    /// </summary>
    public string? StaticProblem() => (IsAllowListed, IsProtected) switch
    {
        (false, false) => $"{Key} has no authorization policy and is not in the anonymous allow-list: add .RequireAuthorization(AuthPolicies.User or AuthPolicies.Admin), or, if it really is public, add it to EndpointMatrix.AnonymousAllowList.",
        (true, true) => $"{Key} is in the anonymous allow-list but requires policy {string.Join(", ", Policies)}: remove it from the allow-list or make it anonymous.",
        _ => null,
    };

    /// <summary>A concrete path for the route, taking ids from <paramref name="idFor"/>.</summary>
    public string Path(Func<string, Guid> idFor)
    {
        var segments = Route.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "guid") => idFor(Pattern).ToString(),
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "int") => "1",
            RoutePatternParameterPart { Name: "documentName" } => "v1",
            _ => "x",
        })));
        // Keep a trailing slash: /dashboard would redirect to /dashboard/, and a redirect drops the bearer header.
        return "/" + string.Join("/", segments) + (Pattern.EndsWith('/') && Route.PathSegments.Count > 0 ? "/" : string.Empty);
    }

    private bool Matches(string entry)
    {
        var space = entry.IndexOf(' ', StringComparison.Ordinal);
        var (method, pattern) = (entry[..space], entry[(space + 1)..]);
        return method == Method && (pattern.EndsWith('*') ? Pattern.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == Pattern);
    }
}
