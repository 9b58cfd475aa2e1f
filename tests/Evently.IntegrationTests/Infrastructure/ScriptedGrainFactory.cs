using System.Reflection;
using Evently.Contracts.Events;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>The host's grain factory, except that event grains come back wrapped by <see cref="ScriptedEventGrain"/>.</summary>
public class ScriptedGrainFactory : DispatchProxy
{
    private IGrainFactory _inner = null!;
    private ScriptedEventGrains _script = null!;

    /// <summary>A factory delegating to <paramref name="inner"/>.</summary>
    public static IGrainFactory Create(IGrainFactory inner, ScriptedEventGrains script)
    {
        var proxy = DispatchProxy.Create<IGrainFactory, ScriptedGrainFactory>();
        var self = (ScriptedGrainFactory)(object)proxy;
        self._inner = inner;
        self._script = script;
        return proxy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var result = targetMethod!.Invoke(_inner, args);
        return result is IEventGrain grain ? ScriptedEventGrain.Create(grain, _script) : result;
    }
}
