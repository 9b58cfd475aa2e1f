using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Evently.Api.Http;

/// <summary>
/// OpenAPI: every state-changing endpoint may answer <c>503 unavailable</c> (nothing happened) or
/// <c>504 outcome_unknown</c> (the change may or may not have happened), whichever handler it is.
/// </summary>
public static class WriteProblems
{
    /// <summary>Documents both problems on each POST, PUT, PATCH and DELETE endpoint built by <paramref name="builder"/>.</summary>
    public static TBuilder ProducesWriteProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        // Finally: the endpoint's HTTP methods and its own metadata are known by then.
        builder.Finally(endpoint =>
        {
            if (!endpoint.Metadata.OfType<HttpMethodMetadata>().Any(m => m.HttpMethods.Any(ExceptionProblems.ChangesState)))
            {
                return;
            }

            Add(endpoint, StatusCodes.Status503ServiceUnavailable, "unavailable: storage or cluster down; the request had no effect. Safe to retry.");
            Add(endpoint, StatusCodes.Status504GatewayTimeout,
                "outcome_unknown: the outcome could not be learned in time; the change may or may not have happened. Retry with the same Idempotency-Key to learn it.");
        });
        return builder;
    }

    private static void Add(EndpointBuilder endpoint, int status, string description)
    {
        if (endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
        {
            return;
        }

        endpoint.Metadata.Add(new ProducesResponseTypeAttribute(typeof(ProblemDetails), status, "application/problem+json") { Description = description });
    }
}
