namespace Evently.Contracts.Queues;

/// <summary>One event's waiting room (keyed by the event's id), persisted on the event's shard.</summary>
[Alias("Evently.IWaitingRoomGrain")]
public interface IWaitingRoomGrain : IGrainWithGuidKey
{
    /// <summary>Puts the user in the room (answered once durable); a second join keeps the first place.</summary>
    [Alias("Join")]
    Task<QueueResult> JoinAsync(Guid userId, string? webhookUrl);

    /// <summary>The user's place as last stored.</summary>
    [Alias("Find")]
    Task<QueueResult> FindAsync(Guid userId);

    /// <summary>The silo this activation runs on (operations and failover tests).</summary>
    [Alias("GetHost")]
    Task<string> GetHostAsync();

    /// <summary>Admissions valid now, for an event grain that has just activated.</summary>
    [Alias("GetAdmissions")]
    Task<IReadOnlyList<Admission>> GetAdmissionsAsync();
}
