using Evently.Grains.Hosting;
using Evently.Grains.Options;
using Evently.Persistence.Embedded;
using Evently.Persistence.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

namespace Evently.Api.Hosting;

/// <summary>
/// Data Protection (what the dashboard cookie is sealed with) shares one key ring across every front end: the keys live
/// in the directory database (<c>data_protection_keys</c>), under one application name, so a cookie issued by one front
/// end is accepted by any other behind the same proxy. Each key's secret is sealed before it is stored
/// (<see cref="KeyRingSecret"/>, from the cluster certificate every node holds): the directory database alone gives no key.
/// </summary>
public static class DataProtectionSetup
{
    /// <summary>The application name every front end shares (isolates our payloads from other apps on the same keys).</summary>
    public const string ApplicationName = "Evently";

    /// <summary>Registers Data Protection with the key ring in the directory database.</summary>
    public static void AddEventlyDataProtection(this IServiceCollection services, DatabaseOptions databases, IConfiguration configuration)
    {
        var trust = ClusterTrust.Load(configuration.GetEventlyOptions<ClusterTlsOptions>(), configuration.GetEventlyOptions<EmbeddedPostgresOptions>());
        services.AddSingleton(KeyRingSecret.From(trust.Certificate));
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new DirectoryXmlRepository(databases.Directory, provider.GetRequiredService<ILogger<DirectoryXmlRepository>>());
            o.XmlEncryptor = new KeyRingEncryptor(provider.GetRequiredService<KeyRingSecret>());
        }));
    }
}
