using System.Collections.Concurrent;
using System.Reflection;
using Evently.Contracts.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>
/// Stands between the front end and its event grains: a scripted method answers instead of the grain (a lost
/// acknowledgement, a timed-out call), every other call reaches the real grain.
/// </summary>
public sealed class ScriptedEventGrains
{
    private readonly ConcurrentDictionary<string, Func<object>> _answers = new();

    /// <summary>From now on, <paramref name="method"/> of every event grain answers <paramref name="answer"/> (a task of the method's result type).</summary>
    public void Answer(string method, Func<object> answer) => _answers[method] = answer;

    /// <summary>Every call reaches the real grains again.</summary>
    public void Clear() => _answers.Clear();

    /// <summary>Wraps the host's <see cref="IGrainFactory"/> so that event grains it hands out follow the script.</summary>
    public void Install(IServiceCollection services)
    {
        var original = services.Last(d => d.ServiceType == typeof(IGrainFactory));
        services.Remove(original);
        services.AddSingleton(sp =>
        {
            var inner = (IGrainFactory)(original.ImplementationInstance
                ?? original.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!));
            return ScriptedGrainFactory.Create(inner, this);
        });
    }

    internal object? Invoke(IEventGrain grain, MethodInfo method, object?[]? args) =>
        _answers.TryGetValue(method.Name, out var answer) ? answer() : method.Invoke(grain, args);
}
