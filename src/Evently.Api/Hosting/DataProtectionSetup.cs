using System.Xml.Linq;
using Evently.Persistence.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evently.Api.Hosting;

/// <summary>
/// Data Protection (what the dashboard cookie is sealed with) shares one key ring across every front end: the keys live
/// in the directory database (<c>data_protection_keys</c>), under one application name, so a cookie issued by one front
/// end is accepted by any other behind the same proxy. The keys are stored as Data Protection writes them (not encrypted
/// at rest): protect the directory database like the JWT signing key.
/// </summary>
public static class DataProtectionSetup
{
    /// <summary>The application name every front end shares (isolates our payloads from other apps on the same keys).</summary>
    public const string ApplicationName = "Evently";

    /// <summary>Registers Data Protection with the key ring in the directory database.</summary>
    public static void AddEventlyDataProtection(this IServiceCollection services, DatabaseOptions databases)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new DirectoryXmlRepository(databases.Directory, provider.GetRequiredService<ILogger<DirectoryXmlRepository>>())));
    }
}

/// <summary>Data Protection's key ring in the directory database's <c>data_protection_keys</c> table.</summary>
public sealed class DirectoryXmlRepository(string connectionString, ILogger<DirectoryXmlRepository> logger) : IXmlRepository
{
    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        // Data Protection's API is synchronous; it reads the ring at start and when a key nears expiry.
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING", connection);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
        logger.LogInformation("Data Protection key {Key} added to the shared key ring in the directory database", friendlyName);
    }
}
