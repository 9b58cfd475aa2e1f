using Evently.Domain.Text;

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

    /// <summary>
    /// Requires a string of <paramref name="min"/>..<paramref name="max"/> characters after trimming, with no control
    /// character (<paramref name="multiline"/> free text may hold line breaks and tabs); null passes only when optional.
    /// </summary>
    public FieldErrors Text(string? value, string field, int min, int max, bool required = true, bool multiline = false)
    {
        if (value is null)
        {
            return Check(required, field, $"{field} is required.");
        }

        var length = value.Trim().Length;
        return Check(length < min || value.Length > max, field, $"{field} must be {min}..{max} characters.")
            .Plain(value, field, multiline);
    }

    /// <summary>
    /// Refuses a control character in a stored string: PostgreSQL cannot store U+0000 and would fail the event's whole
    /// commit batch with it, and no field means the others (free text: only line breaks and tabs).
    /// </summary>
    public FieldErrors Plain(string? value, string field, bool multiline = false) =>
        Check(StoredText.HasControl(value, multiline), field,
            multiline ? $"{field} must not contain control characters other than line breaks and tabs." : $"{field} must not contain control characters.");

    /// <summary>The 400 problem for what was collected.</summary>
    public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult ToProblem() =>
        Problems.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
