namespace Evently.IntegrationTests.Infrastructure;

/// <summary>One app and its admin's token, shared by the tests of a class.</summary>
public sealed class AdminAppFixture : IAsyncLifetime
{
    /// <summary>The host.</summary>
    public EventlyApp App { get; private set; } = null!;

    /// <summary>The seeded admin's token.</summary>
    public string Admin { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        App = await EventlyApp.StartAsync();
        Admin = await App.AdminTokenAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await App.DisposeAsync();
}
