using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Http;

/// <summary>One host whose event grains can be scripted, its admin and one user.</summary>
public sealed class ScriptedAppFixture : IAsyncLifetime
{
    /// <summary>The script every event grain call goes through.</summary>
    public ScriptedEventGrains Grains { get; } = new();

    /// <summary>The host.</summary>
    public EventlyApp App { get; private set; } = null!;

    /// <summary>The seeded admin's token.</summary>
    public string Admin { get; private set; } = null!;

    /// <summary>A registered user's token.</summary>
    public string User { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        App = await EventlyApp.StartAsync(services: Grains.Install);
        Admin = await App.AdminTokenAsync();
        (_, User) = await App.RegisterAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await App.DisposeAsync();
}
