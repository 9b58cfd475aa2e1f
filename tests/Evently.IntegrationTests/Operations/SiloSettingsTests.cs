using System.Text.Json;
using Evently.Grains.Hosting;

namespace Evently.IntegrationTests.Operations;

/// <summary>A silo process listens where ASP.NET Core's settings say, as the front end does.</summary>
public sealed class SiloSettingsTests
{
    [Fact]
    public void The_silos_appsettings_pin_no_address_so_ASPNETCORE_URLS_and_HTTP_PORTS_decide()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Evently.sln")))
        {
            folder = folder.Parent;
        }

        Assert.NotNull(folder);
        using var appsettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.FullName, "src", "Evently.Silo", "appsettings.json")));

        Assert.DoesNotContain(appsettings.RootElement.EnumerateObject(), p => string.Equals(p.Name, "Urls", StringComparison.OrdinalIgnoreCase));
        Assert.NotEqual(ListenAddresses.Default, ListenAddresses.SiloDefault);
    }
}
