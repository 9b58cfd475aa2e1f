using System.Reflection;
using Evently.Contracts.Events;

namespace Evently.IntegrationTests.Infrastructure;

/// <summary>One event grain reference whose calls go through the script first.</summary>
public class ScriptedEventGrain : DispatchProxy
{
    private IEventGrain _inner = null!;
    private ScriptedEventGrains _script = null!;

    /// <summary>A grain delegating to <paramref name="inner"/> unless the script answers.</summary>
    public static IEventGrain Create(IEventGrain inner, ScriptedEventGrains script)
    {
        var proxy = DispatchProxy.Create<IEventGrain, ScriptedEventGrain>();
        var self = (ScriptedEventGrain)(object)proxy;
        self._inner = inner;
        self._script = script;
        return proxy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => _script.Invoke(_inner, targetMethod!, args);
}
