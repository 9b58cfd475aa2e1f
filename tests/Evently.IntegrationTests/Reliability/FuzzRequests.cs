using CsCheck;

namespace Evently.IntegrationTests.Reliability;

/// <summary>Generators of whole requests: any request at all, and requests built so that the API must refuse them.</summary>
public static class FuzzRequests
{
    /// <summary>Who sends a request; <see cref="Forged"/> carries a token nobody issued.</summary>
    public const string Anonymous = "anonymous", User = "user", Admin = "admin", Forged = "forged";

    private static readonly string[] OtherMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    private static readonly Gen<string> AnyCaller = Gen.Frequency((3, Gen.Const(Admin)), (3, Gen.Const(User)), (2, Gen.Const(Anonymous)), (1, Gen.Const(Forged)));

    private static readonly Gen<(string, string)[]> Headers = Gen.Frequency(
        (6, Gen.Const(Array.Empty<(string, string)>())),
        (1, Gen.Select(Gen.OneOf("Idempotency-Key", "If-Match"),
            Gen.OneOf("", " ", "k", new string('k', 65), "\"3\"", "W/\"1\"", "*", "\"-1\"", "\"99999999999999999999\"", "\"abc\"", "ключ", "a\tb", new string('k', 64)),
            (name, value) => new[] { (name, value) })));

    /// <summary>Any request to any of <paramref name="endpoints"/>, by any caller, usually with the endpoint's own method.</summary>
    public static Gen<FuzzRequest> Any(IReadOnlyList<FuzzEndpoint> endpoints, SeededIds ids) =>
        Gen.OneOf(endpoints.ToArray()).SelectMany(endpoint => Build(
            endpoint,
            AnyCaller,
            Gen.Frequency((12, Gen.Const(endpoint.Method)), (1, Gen.OneOf(OtherMethods))),
            FuzzRoutes.Path(endpoint, ids),
            endpoint.IsMutating || endpoint.Fields.Count > 0 ? FuzzBodies.Any(endpoint.Fields) : Gen.Frequency((5, Gen.Const(FuzzBody.None)), (1, FuzzBodies.Any(endpoint.Fields)))));

    /// <summary>
    /// A request to a state-changing endpoint that must be refused, for one reason chosen among those that apply:
    /// no token where one is needed, a plain user on an admin endpoint, a body that is not a JSON object of the
    /// right types, or an id that names nothing.
    /// </summary>
    public static Gen<FuzzRequest> Refused(IReadOnlyList<FuzzEndpoint> endpoints, SeededIds ids) =>
        Gen.OneOf(endpoints.Where(e => e.IsMutating && !e.AnswersHtml).ToArray()).SelectMany(endpoint =>
        {
            var method = Gen.Const(endpoint.Method);
            var path = FuzzRoutes.Path(endpoint, ids);
            var body = FuzzBodies.Any(endpoint.Fields);
            var reasons = new List<Gen<FuzzRequest>>();
            if (!endpoint.AllowsAnonymous)
            {
                reasons.Add(Build(endpoint, Gen.OneOf(Anonymous, Forged), method, path, body));
            }

            if (endpoint.IsAdminOnly)
            {
                reasons.Add(Build(endpoint, Gen.Const(User), method, path, body));
            }

            if (endpoint.Fields.Count > 0)
            {
                reasons.Add(Build(endpoint, AnyCaller, method, path, FuzzBodies.Broken(endpoint.Fields)));
            }

            if (endpoint.HasId)
            {
                reasons.Add(Build(endpoint, AnyCaller, method, UnknownPath(endpoint), body));
            }

            return Gen.OneOf(reasons.ToArray());
        });

    // The endpoint's route with its id replaced by one that names nothing (or is no id).
    private static Gen<string> UnknownPath(FuzzEndpoint endpoint)
    {
        var raw = endpoint.Pattern;
        var start = raw.IndexOf("{id:guid}", StringComparison.Ordinal);
        return FuzzRoutes.UnknownId.Select(id => raw[..start] + id + raw[(start + "{id:guid}".Length)..]);
    }

    private static Gen<FuzzRequest> Build(FuzzEndpoint endpoint, Gen<string> caller, Gen<string> method, Gen<string> path, Gen<FuzzBody> body) =>
        Gen.Select(caller, method, path, FuzzRoutes.Query, body, Headers,
            (c, m, p, q, b, h) => new FuzzRequest(endpoint, c, m, p + q, b, h));
}
