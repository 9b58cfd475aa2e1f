using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Orleans.Runtime;

namespace Evently.Api.Hosting;

/// <summary>
/// Grain references by Guid key without Orleans' per-call reflection. <c>IGrainFactory.GetGrain&lt;T&gt;(Guid)</c> resolves the
/// interface's grain interface type from its custom attributes on every call (about 4 % of the server's CPU per booking,
/// docs/performance.md#profile-before): here that is done once per factory and interface, and each reference is built from
/// the cached grain type and interface type, which is what <c>GetGrain</c> builds as well (same grain id, same interface).
/// </summary>
public static class GrainReferences
{
    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<Type, Kind?>> Kinds = [];

    /// <summary>The reference to the grain of interface <typeparamref name="T"/> with key <paramref name="id"/>; equal to <c>GetGrain&lt;T&gt;(id)</c>.</summary>
    public static T For<T>(this IGrainFactory grains, Guid id) where T : IGrainWithGuidKey
    {
        var kind = Kinds.GetOrCreateValue(grains).GetOrAdd(typeof(T), static (_, factory) => Learn<T>(factory), grains);
        return kind is null
            ? grains.GetGrain<T>(id)
            : (T)grains.GetGrain(GrainId.Create(kind.GrainType, GrainIdKeyExtensions.CreateGuidKey(id)), kind.InterfaceType);
    }

    // One reference made the ordinary way tells the grain type and interface type Orleans chose for T. A factory that
    // hands out something else (a test's wrapper) keeps the ordinary way.
    private static Kind? Learn<T>(IGrainFactory grains) where T : IGrainWithGuidKey =>
        grains.GetGrain<T>(Guid.Empty) is GrainReference reference ? new Kind(reference.GrainId.Type, reference.InterfaceType) : null;

    private sealed record Kind(GrainType GrainType, GrainInterfaceType InterfaceType);
}
