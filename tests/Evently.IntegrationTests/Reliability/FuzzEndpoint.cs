using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Evently.IntegrationTests.Reliability;

/// <summary>
/// A mapped endpoint as the fuzzer sees it: method, route, who may call it, and the body members docs/api.md gives it.
/// Read from the app's own endpoint data source, so a new endpoint is fuzzed without anyone listing it.
/// </summary>
public sealed record FuzzEndpoint(string Method, string Pattern, RoutePattern Route, bool AllowsAnonymous, bool IsAdminOnly, IReadOnlyList<BodyField> Fields)
{
    /// <summary>Body members per "METHOD pattern", from docs/api.md.</summary>
    public static readonly IReadOnlyDictionary<string, BodyField[]> Bodies = new Dictionary<string, BodyField[]>(StringComparer.Ordinal)
    {
        ["POST /api/v1/auth/register"] = [new("email", FieldKind.Email), new("name", FieldKind.Text), new("password", FieldKind.Password)],
        ["POST /api/v1/auth/login"] = [new("email", FieldKind.Email), new("password", FieldKind.Password)],
        ["POST /api/v1/events/"] =
        [
            new("name", FieldKind.Text), new("description", FieldKind.Text), new("venue", FieldKind.Text), new("eventDate", FieldKind.Date),
            new("totalCapacity", FieldKind.Number), new("price", FieldKind.Money), new("pricingPolicy", FieldKind.PricingPolicy),
            new("promotionWindowMinutes", FieldKind.Number),
        ],
        ["PATCH /api/v1/events/{id:guid}"] =
        [
            new("name", FieldKind.Text), new("description", FieldKind.Text), new("venue", FieldKind.Text), new("eventDate", FieldKind.Date),
            new("totalCapacity", FieldKind.Number), new("promotionWindowMinutes", FieldKind.Number),
        ],
        ["PUT /api/v1/events/{id:guid}/price"] = [new("price", FieldKind.Money), new("reason", FieldKind.Text)],
        ["POST /api/v1/events/{id:guid}/bookings"] = [new("quantity", FieldKind.Number)],
        ["POST /api/v1/events/{id:guid}/waitlist/"] = [new("quantity", FieldKind.Number), new("notificationPreferences", FieldKind.NotificationPreferences)],
        ["PATCH /api/v1/admin/users/{id:guid}"] = [new("role", FieldKind.Role), new("isActive", FieldKind.Bool)],
        ["POST /dashboard-login"] = [new("email", FieldKind.Email), new("password", FieldKind.Password)],
    };

    /// <summary>"METHOD pattern".</summary>
    public string Key => $"{Method} {Pattern}";

    /// <summary>True for the methods that may change something.</summary>
    public bool IsMutating => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    /// <summary>True when a route parameter is a GUID.</summary>
    public bool HasId => Route.Parameters.Any(p => p.ParameterPolicies.Any(policy => policy.Content == "guid"));

    /// <summary>
    /// The dashboard sign-in form answers browsers with HTML, by design; its refusals are judged on status alone.
    /// </summary>
    public bool AnswersHtml => Pattern == "/dashboard-login";

    /// <summary>
    /// Documents served by framework components (the OpenAPI document, the Scalar page): an unknown document name is a
    /// plain-text 404 written by Microsoft.AspNetCore.OpenApi itself, not an API error. Judged on status alone.
    /// </summary>
    public bool IsFrameworkDocument => Pattern.StartsWith("/openapi/", StringComparison.Ordinal) || Pattern.StartsWith("/docs", StringComparison.Ordinal);

    /// <summary>Every method of every route endpoint except the third-party dashboard's.</summary>
    public static IReadOnlyList<FuzzEndpoint> Read(EndpointDataSource source) =>
        source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw != "/dashboard" && !raw.StartsWith("/dashboard/", StringComparison.Ordinal))
            .SelectMany(Read)
            .ToList();

    private static IEnumerable<FuzzEndpoint> Read(RouteEndpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        var policies = metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
        var anonymous = metadata.GetMetadata<IAllowAnonymous>() is not null || policies.Count == 0;
        var adminOnly = !anonymous && policies.Any(p => p is "admin" or "dashboard");
        var methods = metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } listed ? listed : ["GET"];
        var pattern = endpoint.RoutePattern.RawText!;
        return methods.Select(m => new FuzzEndpoint(m, pattern, endpoint.RoutePattern, anonymous, adminOnly,
            Bodies.TryGetValue($"{m} {pattern}", out var fields) ? fields : []));
    }
}
