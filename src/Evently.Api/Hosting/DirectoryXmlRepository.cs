using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Evently.Api.Hosting;

/// <summary>Data Protection's key ring in the directory database's <c>data_protection_keys</c> table.</summary>
public sealed partial class DirectoryXmlRepository(string connectionString, ILogger<DirectoryXmlRepository> logger) : IXmlRepository
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
        LogKeyAdded(logger, friendlyName);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Data Protection key {Key} added to the shared key ring in the directory database")]
    private static partial void LogKeyAdded(ILogger logger, string key);
}
