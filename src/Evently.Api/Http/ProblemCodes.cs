namespace Evently.Api.Http;

/// <summary>
/// Endpoint metadata: the problem <c>code</c>s an endpoint's handler can answer with one status, declared where the
/// endpoint is mapped (next to its handler) and read by the OpenAPI document, so the two cannot tell different stories.
/// </summary>
public sealed record ProblemCodes(int Status, IReadOnlyList<string> Codes);

/// <summary>Declares an endpoint's problem codes.</summary>
public static class ProblemCodesExtensions
{
    /// <summary>The handler may answer <paramref name="status"/> with any of <paramref name="codes"/>.</summary>
    public static TBuilder Answers<TBuilder>(this TBuilder builder, int status, params string[] codes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProblemCodes(status, codes));
}
