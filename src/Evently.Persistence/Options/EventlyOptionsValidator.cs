using Microsoft.Extensions.Options;

namespace Evently.Persistence.Options;

/// <summary>Runs <see cref="IEventlyOptions.Problems"/> when the options are first used (at start with <c>ValidateOnStart</c>).</summary>
public sealed class EventlyOptionsValidator<T> : IValidateOptions<T> where T : class, IEventlyOptions
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
