using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Evently.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Evently.Api.Http;

/// <summary>
/// The OpenAPI document <c>/openapi/v1.json</c>, as clients generate from it: titled "Evently API", a bearer
/// security scheme on the operations that need a token, every problem response per operation (docs/api.md#errors) (status, the
/// <c>code</c>s it can carry, and a problem schema with <c>code</c> and <c>errors</c>), response schemas that require
/// what is always sent and declare nothing nullable (<see cref="ResponseSchemas"/>), the dashboard's internal
/// endpoints left out. Any other document name answers a JSON <c>404 not_found</c> problem.
/// </summary>
public static class OpenApiSetup
{
    /// <summary>The one document.</summary>
    public const string DocumentName = "v1";

    /// <summary>The security scheme's name in the document.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>The problem schema's name in the document.</summary>
    public const string ProblemSchema = "Problem";

    /// <summary>The extension listing a problem response's <c>code</c>s.</summary>
    public const string CodesExtension = "x-problem-codes";

    /// <summary>Registers the document and its transformers.</summary>
    public static IServiceCollection AddEventlyOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            var responses = new ResponseSchemas();
            // The dashboard's data endpoints are its own business, not the API's.
            options.ShouldInclude = d => (d.GroupName is null || d.GroupName == DocumentName)
                && d.RelativePath?.StartsWith("dashboard", StringComparison.OrdinalIgnoreCase) != true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                responses.Apply(document);
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                RequireOnlyRequired(schema, context);
                responses.Shape(schema, context, options.CreateSchemaReferenceId);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                DescribeProblems(operation, context);
                return Task.CompletedTask;
            });
        });

    /// <summary>Answers a JSON 404 problem for any <c>/openapi/*.json</c> other than the one document.</summary>
    public static void UseEventlyOpenApiNotFound(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            if (path.StartsWith("/openapi/", StringComparison.OrdinalIgnoreCase) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(path, $"/openapi/{DocumentName}.json", StringComparison.OrdinalIgnoreCase))
            {
                await Problems.NotFound(ErrorCodes.NotFound, $"There is no such OpenAPI document; the API's is /openapi/{DocumentName}.json.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    /// <summary>
    /// A request body's members are nullable so that a missing one becomes a field error, and the generator marks every
    /// constructor parameter required: only the members the handler requires (<see cref="RequiredAttribute"/>) stay so.
    /// </summary>
    private static void RequireOnlyRequired(OpenApiSchema schema, OpenApiSchemaTransformerContext context)
    {
        var type = context.JsonTypeInfo.Type;
        if (schema.Properties is null || type.Namespace?.StartsWith("Evently.Api", StringComparison.Ordinal) != true
            || !(type.Name.EndsWith("Request", StringComparison.Ordinal) || type.Name.EndsWith("Body", StringComparison.Ordinal) || type.Name == "NotificationPreferences"))
        {
            return;
        }

        schema.Required = context.JsonTypeInfo.Properties
            .Where(p => p.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true)
            .Select(p => p.Name)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Evently API",
            Version = "1.0",
            Description = """
                Event ticketing for flash sales: browse events, book seats (honouring `Idempotency-Key`), join waitlists and
                book held seats, read notifications; admins manage events, prices, users, webhooks and analytics.
                Authenticate with `POST /api/v1/auth/login` and send `Authorization: Bearer <accessToken>`.
                Every error is an RFC 9457 problem (`application/problem+json`) with a stable `code` and, for 400s, `errors`.
                `503 unavailable` means nothing happened (safe to retry); `504 outcome_unknown` on a write means the change may
                or may not have happened: retry with the same `Idempotency-Key` to learn which.
                """,
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The accessToken of POST /api/v1/auth/login.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem with Evently's stable code.",
            Required = new HashSet<string> { "status", "code" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable, snake_case: what went wrong." },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object | JsonSchemaType.Null,
                    Description = "For 400 validation_failed: the messages of each invalid field.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
                ["availableSeats"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Description = "For 409 sold_out: the seats still free." },
                ["longestRun"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer | JsonSchemaType.Null,
                    Description = "For 409 no_adjacent_seats: the most free seats next to each other in one row (within the section asked for).",
                },
                ["seats"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array | JsonSchemaType.Null,
                    Description = "For 409 seats_taken: the seats asked for that are already held or sold.",
                    Items = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            },
        };
        document.Components.Schemas.Remove("ProblemDetails");
    }

    private static void DescribeProblems(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var needsToken = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var method = description.HttpMethod?.ToUpperInvariant() ?? "GET";
        var changes = method is not ("GET" or "HEAD");
        // Without route constraints: "events/{id:guid}" reads "events/{id}".
        var path = "/" + System.Text.RegularExpressions.Regex.Replace(description.RelativePath ?? "", @"\{(\w+)[^}]*\}", "{$1}");
        var problems = new SortedDictionary<int, List<string>>();
        void Add(int status, params string[] codes)
        {
            if (!problems.TryGetValue(status, out var list))
            {
                problems[status] = list = [];
            }

            list.AddRange(codes.Where(c => !list.Contains(c)));
        }

        if (operation.Parameters?.Count > 0 || operation.RequestBody is not null || description.ParameterDescriptions.Count > 0)
        {
            Add(400, ErrorCodes.ValidationFailed);
        }

        if (operation.RequestBody is not null)
        {
            Add(413, ErrorCodes.PayloadTooLarge);
            Add(415, ErrorCodes.UnsupportedMediaType);
        }

        if (needsToken)
        {
            Add(401, ErrorCodes.Unauthorized);
            Add(403, ErrorCodes.Forbidden, ErrorCodes.AccountDisabled);
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
        }

        if (path.Contains("/events/{id}", StringComparison.Ordinal))
        {
            Add(404, ErrorCodes.EventNotFound);
        }

        if (path.Contains("/bookings/{id}", StringComparison.Ordinal))
        {
            Add(404, ErrorCodes.BookingNotFound);
        }

        if (path.Contains("/admin/users/{id}", StringComparison.Ordinal))
        {
            Add(404, ErrorCodes.UserNotFound);
        }

        if (path.Contains("/waitlist/me", StringComparison.Ordinal))
        {
            Add(404, ErrorCodes.NotOnWaitlist);
        }

        foreach (var declared in metadata.OfType<ProblemCodes>())
        {
            Add(declared.Status, [.. declared.Codes]);
        }

        Add(503, ErrorCodes.Unavailable);
        if (changes)
        {
            Add(504, ErrorCodes.OutcomeUnknown);
        }

        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, codes) in problems)
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = $"{Title(status)}: `code` {string.Join(", ", codes.Select(c => $"`{c}`"))}.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, context.Document) },
                },
                Extensions = new Dictionary<string, IOpenApiExtension>
                {
                    [CodesExtension] = new JsonNodeExtension(new JsonArray(codes.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray())),
                },
            };
        }
    }

    private static string Title(int status) => status switch
    {
        400 => "Invalid input (nothing changed)",
        401 => "No valid token, or wrong credentials",
        403 => "Not allowed",
        404 => "Not found",
        409 => "Conflict",
        412 => "Stale If-Match",
        413 => "Body too large",
        415 => "Body not JSON (send Content-Type: application/json)",
        429 => "Too many requests (see Retry-After)",
        503 => "Unavailable: the request had no effect; safe to retry",
        504 => "Outcome unknown: the change may or may not have happened; retry with the same Idempotency-Key",
        _ => "Problem",
    };
}
