using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Security;

/// <summary>
/// The README's quick start on a fresh folder: Production, embedded PostgreSQL, no key, no admin password configured.
/// Started once for the tests of <see cref="EmbeddedInstallTests"/>.
/// </summary>
public sealed class EmbeddedInstallFixture : IAsyncLifetime
{
    /// <summary>The folder holding the data folder and the secret files (the README's <c>.data</c>).</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"evently-install-{Guid.NewGuid():N}");

    /// <summary>The host.</summary>
    public EventlyApp App { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => App = await EventlyApp.StartEmbeddedAsync(Folder);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
