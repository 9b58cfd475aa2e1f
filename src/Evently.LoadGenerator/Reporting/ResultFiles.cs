using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Evently.LoadGenerator.Reporting;

/// <summary>The JSON result files (stable field names, so runs can be compared).</summary>
internal static class ResultFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Stamp(DateTime utc) => utc.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);

    public static object Machine() => new
    {
        cores = Environment.ProcessorCount,
        os = RuntimeInformation.OSDescription,
        runtime = RuntimeInformation.FrameworkDescription,
        memoryBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
    };

    /// <summary>The <c>evently</c> / <c>baseline</c> block of the compare file (and the summary of a closed run).</summary>
    public static object Side(ScenarioReport r) => new
    {
        clients = r.Clients,
        confirmedPerSecond = r.ConfirmedPerSecond,
        p50Ms = r.Latency.P50Ms,
        p99Ms = r.Latency.P99Ms,
        oversold = r.DatabaseChecked ? r.Oversold : (long?)null,
        lost = r.DatabaseChecked ? r.Lost : (long?)null,
        errors = r.Errors,
        p95Ms = r.Latency.P95Ms,
        maxMs = r.Latency.MaxMs,
        seats = r.Seats,
        attempts = r.Attempts,
        confirmed = r.Confirmed,
        confirmedSeats = r.ConfirmedSeats,
        soldOut = r.SoldOut,
        rateLimited = r.RateLimited,
        durationSeconds = r.DurationSeconds,
        invariantHolds = r.DatabaseChecked ? r.InvariantHolds : (bool?)null,
        databaseCheckPassed = r.DatabaseCheck?.Passed,
        serverPeakMemoryBytes = r.ServerPeakMemoryBytes,
    };

    /// <summary>The <c>open</c> block of the compare file.</summary>
    public static object Open(ScenarioReport r) => new
    {
        offeredPerSecond = r.OfferedPerSecond,
        p99Ms = r.Latency.P99Ms,
        achievedPerSecond = r.AttemptsPerSecond,
        confirmedPerSecond = r.ConfirmedPerSecond,
        p50Ms = r.Latency.P50Ms,
        p95Ms = r.Latency.P95Ms,
        maxMs = r.Latency.MaxMs,
        errors = r.Errors,
        rateLimited = r.RateLimited,
        soldOut = r.SoldOut,
        oversold = r.DatabaseChecked ? r.Oversold : (long?)null,
        lost = r.DatabaseChecked ? r.Lost : (long?)null,
        durationSeconds = r.DurationSeconds,
        serverPeakMemoryBytes = r.ServerPeakMemoryBytes,
    };

    /// <summary>The <c>mixed</c> / <c>browse</c> blocks of the compare file: requests per second over many events.</summary>
    public static object Many(ScenarioReport r) => new
    {
        clients = r.Clients,
        requestsPerSecond = r.AttemptsPerSecond,
        p50Ms = r.Latency.P50Ms,
        p99Ms = r.Latency.P99Ms,
        errors = r.Errors,
        rateLimited = r.RateLimited,
        oversold = r.DatabaseChecked ? r.Oversold : (long?)null,
        lost = r.DatabaseChecked ? r.Lost : (long?)null,
        databaseCheckPassed = r.DatabaseCheck?.Passed,
        durationSeconds = r.DurationSeconds,
        serverPeakMemoryBytes = r.ServerPeakMemoryBytes,
        operations = r.Operations,
        notes = r.Notes,
    };

    /// <summary>Writes <paramref name="document"/> to <c>{directory}/{name}.json</c> and returns the path.</summary>
    public static string Write(string directory, string name, object document)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(document, Json) + Environment.NewLine);
        return path;
    }
}
