namespace Evently.Api.Http;

/// <summary>Collects field errors for a 400 <c>validation_failed</c> problem.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    /// <summary>True when nothing was reported.</summary>
    public bool IsEmpty => _errors.Count == 0;

    /// <summary>Records <paramref name="message"/> against <paramref name="field"/> when <paramref name="failed"/>.</summary>
    public FieldErrors Check(bool failed, string field, string message)
    {
        if (failed)
        {
            if (!_errors.TryGetValue(field, out var list))
            {
                _errors[field] = list = [];
            }

            list.Add(message);
        }

        return this;
    }

    /// <summary>Requires a string of <paramref name="min"/>..<paramref name="max"/> characters after trimming; null passes only when optional.</summary>
    public FieldErrors Text(string? value, string field, int min, int max, bool required = true)
    {
        if (value is null)
        {
            return Check(required, field, $"{field} is required.");
        }

        var length = value.Trim().Length;
        // PostgreSQL text cannot hold U+0000; refused here, it would fail the event's whole commit batch.
        return Check(length < min || value.Length > max, field, $"{field} must be {min}..{max} characters.")
            .Check(value.Contains('\0', StringComparison.Ordinal), field, $"{field} must not contain NUL characters.");
    }

    /// <summary>The 400 problem for what was collected.</summary>
    public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult ToProblem() =>
        Problems.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
