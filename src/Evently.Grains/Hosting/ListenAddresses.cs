using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Evently.Grains.Hosting;

/// <summary>
/// Where Kestrel listens, in the front end and in a silo process. ASP.NET Core's own settings decide — <c>--urls</c>,
/// <c>Urls</c>, <c>ASPNETCORE_URLS</c> / <c>DOTNET_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c> / <c>HTTPS_PORTS</c>,
/// <c>Kestrel:Endpoints</c> — and only when none is given does a process listen on its default. (Version 1.0 pinned
/// <c>Urls</c> in appsettings.json, which silently won over the <c>ASPNETCORE_</c> variables containers and operators use.)
/// </summary>
public static class ListenAddresses
{
    /// <summary>The front end's address in the README, used when nothing else says where to listen.</summary>
    public const string Default = "http://127.0.0.1:5080";

    /// <summary>A silo process's address (health and its dashboard), used when nothing else says where to listen.</summary>
    public const string SiloDefault = "http://127.0.0.1:8081";

    /// <summary>True when configuration names listening addresses in any of ASP.NET Core's usual ways.</summary>
    public static bool AreConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["urls"])
        || !string.IsNullOrWhiteSpace(configuration["http_ports"])
        || !string.IsNullOrWhiteSpace(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();

    /// <summary>Listens on <paramref name="address"/> unless configuration names addresses.</summary>
    public static void ApplyDefault(WebApplicationBuilder builder, string address = Default)
    {
        if (!AreConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls(address);
        }
    }
}
