using Evently.Contracts.Events;
using Evently.Contracts.Users;
using Evently.Contracts.Waitlists;
using Evently.Persistence.Queries;
using Evently.Persistence.Users;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Dashboard;
using Evently.Domain.Users;
using Evently.Domain.Waitlists;

namespace Evently.Grains.Users;

/// <summary>
/// One user. Holds the row in memory so the per-request check (active, role, version) costs a grain call,
/// not a database round trip, and applies admin edits so that memory never lags behind the row it wrote.
/// </summary>
public sealed partial class UserGrain(UserStore store, WaitlistReads waitlists, ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private readonly UserStore _store = store;
    private UserView? _user;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _user = (await _store.FindByIdAsync(this.GetPrimaryKey(), cancellationToken))?.ToView();

    /// <inheritdoc />
    /// <remarks>Runs once per authenticated request: kept out of the dashboard's profiler, which would time every call.</remarks>
    [NoProfiling]
    public async Task<UserView?> GetAsync() =>
        // A miss is re-read: only a validly signed token for a vanished user gets here.
        _user ??= (await _store.FindByIdAsync(this.GetPrimaryKey()))?.ToView();

    /// <inheritdoc />
    public async Task<UserView?> ObserveAsync(int version)
    {
        if (_user is null || _user.Version < version)
        {
            _user = (await _store.FindByIdAsync(this.GetPrimaryKey()))?.ToView();
        }

        return _user;
    }

    /// <inheritdoc />
    public async Task<UserResult> UpdateAsync(UpdateUser command)
    {
        try
        {
            _user ??= (await _store.FindByIdAsync(this.GetPrimaryKey()))?.ToView();
            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (_user is null)
                {
                    return UserResult.Of(UserOutcome.NotFound);
                }

                if (command.ExpectedVersion is { } expected && expected != _user.Version)
                {
                    return UserResult.Of(UserOutcome.VersionMismatch);
                }

                if ((command.Role ?? _user.Role) == _user.Role && (command.IsActive ?? _user.IsActive) == _user.IsActive)
                {
                    // Saying it again repairs waitlists a failed earlier pass left behind.
                    await StandInWaitlistsAsync(command.IsActive);
                    return new UserResult(UserOutcome.Ok, _user);
                }

                var updated = (await _store.UpdateAsync(_user.Id, _user.Version, command.Role, command.IsActive))?.ToView();
                if (updated is not null)
                {
                    _user = updated;
                    await StandInWaitlistsAsync(command.IsActive);
                    return new UserResult(UserOutcome.Ok, updated);
                }

                // The row moved on without us (an operator's SQL, a lingering duplicate activation): re-read and judge again.
                _user = (await _store.FindByIdAsync(this.GetPrimaryKey()))?.ToView();
            }

            return UserResult.Of(UserOutcome.VersionMismatch);
        }
        catch (NpgsqlException ex)
        {
            LogUpdateFailed(logger, this.GetPrimaryKey(), ex);
            _user = null;
            return UserResult.Of(UserOutcome.Unavailable);
        }
    }

    /// <inheritdoc />
    public Task<UserView?> SetPasswordAsync(string passwordHash) => RestampAsync(() => _store.ResetPasswordAsync(this.GetPrimaryKey(), passwordHash));

    /// <inheritdoc />
    public Task<UserView?> RevokeTokensAsync() => RestampAsync(() => _store.RevokeTokensAsync(this.GetPrimaryKey()));

    // Memory follows the row the write returned; when the write's outcome is unknown, memory is dropped and re-read
    // at the next request, so a committed bump is never forgotten.
    private async Task<UserView?> RestampAsync(Func<Task<User?>> write)
    {
        try
        {
            _user = (await write())?.ToView();
            return _user;
        }
        catch
        {
            _user = null;
            throw;
        }
    }

    /// <summary>
    /// A disabled user stands out of every waitlist they are on (a held promotion released at once, no notification); an
    /// enabled one is back in line in their place. Each event grain applies it durably and idempotently; a failure here
    /// is logged, never thrown: the account change itself is committed (answering otherwise would not be true), and
    /// repeating the request finishes the job. A join racing the change suspends its own entry (see the event grain).
    /// </summary>
    private async Task StandInWaitlistsAsync(bool? isActive)
    {
        if (isActive is not { } active)
        {
            return;
        }

        var userId = this.GetPrimaryKey();
        try
        {
            var events = await waitlists.EventsWithOpenEntriesAsync(userId);
            var results = await Task.WhenAll(events.Select(eventId =>
            {
                var grain = GrainFactory.GetGrain<IEventGrain>(eventId);
                return active ? grain.ResumeUserAsync(userId) : grain.SuspendUserAsync(userId);
            }));
            var failed = results.Count(r => r.Outcome is not (WaitlistOutcome.Ok or WaitlistOutcome.NotOnWaitlist or WaitlistOutcome.EventNotFound));
            if (failed > 0)
            {
                LogStandingFailed(logger, userId, failed, events.Count, null);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogStandingFailed(logger, userId, -1, -1, ex);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "Waitlist standing of user {UserId} not applied on {Failed} of {Events} events (-1: unknown); repeat the account change to finish it")]
    private static partial void LogStandingFailed(ILogger logger, Guid userId, int failed, int events, Exception? exception);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Updating user {UserId} failed")]
    private static partial void LogUpdateFailed(ILogger logger, Guid userId, Exception exception);
}
