using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Auth;

/// <summary>The app the auth collection shares; tests use unique emails so they do not see each other.</summary>
public sealed class AuthAppFixture : IAsyncLifetime
{
    private EventlyApp? _app;

    /// <summary>The shared app.</summary>
    public EventlyApp App => _app ?? throw new InvalidOperationException("The fixture has not started.");

    /// <inheritdoc />
    public async Task InitializeAsync() => _app = await EventlyApp.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
