using System.Reflection;
using Evently.Api.Http;
using Evently.Persistence.Queries;
using Npgsql;
using Orleans.Runtime;

namespace Evently.IntegrationTests.Http;

/// <summary>503 promises nothing happened; a write whose grain may have acted is a 504.</summary>
public sealed class ExceptionProblemsTests
{
    [Theory]
    [InlineData("timeout", "POST", 504, "outcome_unknown")]
    [InlineData("timeout", "PUT", 504, "outcome_unknown")]
    [InlineData("timeout", "PATCH", 504, "outcome_unknown")]
    [InlineData("timeout", "DELETE", 504, "outcome_unknown")]
    [InlineData("timeout", "GET", 503, "unavailable")]
    [InlineData("timeout", "HEAD", 503, "unavailable")]
    [InlineData("silo-unavailable", "POST", 504, "outcome_unknown")]
    [InlineData("silo-unavailable", "GET", 503, "unavailable")]
    [InlineData("orleans", "DELETE", 504, "outcome_unknown")]
    [InlineData("orleans", "GET", 503, "unavailable")]
    [InlineData("rejected", "POST", 503, "unavailable")]
    [InlineData("gateway-too-busy", "POST", 503, "unavailable")]
    [InlineData("npgsql", "POST", 503, "unavailable")]
    [InlineData("shard-unavailable", "POST", 503, "unavailable")]
    [InlineData("bug", "POST", 500, "internal_error")]
    public void An_exception_becomes_the_problem_that_tells_the_truth_about_the_change(string kind, string method, int status, string code)
    {
        var problem = ExceptionProblems.For(Make(kind), method);

        Assert.Equal(status, problem.Status);
        Assert.Equal(code, problem.Code);
        if (status == 504)
        {
            Assert.Contains("may or may not have happened", problem.Title, StringComparison.Ordinal);
            Assert.Contains("Idempotency-Key", problem.Title, StringComparison.Ordinal);
        }
    }

    private static Exception Make(string kind) => kind switch
    {
        "timeout" => new TimeoutException("Response did not arrive on time"),
        "silo-unavailable" => new SiloUnavailableException("The target silo became unavailable"),
        "orleans" => new OrleansException("Something in the runtime failed"),
        // Orleans builds rejections itself: their constructors are internal.
        "rejected" => (Exception)Activator.CreateInstance(typeof(OrleansMessageRejectionException), BindingFlags.NonPublic | BindingFlags.Instance, null, ["rejected"], null)!,
        "gateway-too-busy" => new GatewayTooBusyException(),
        "npgsql" => new NpgsqlException("connection refused"),
        "shard-unavailable" => new ShardUnavailableException("Shard 1 did not answer.", new TimeoutException()),
        _ => new InvalidOperationException("a bug"),
    };
}
