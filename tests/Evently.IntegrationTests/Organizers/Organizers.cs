using System.Net;
using System.Net.Http.Json;
using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Organizers;

/// <summary>Organizers made the way the API makes them: a registered user whom an admin grants the role.</summary>
public static class Organizers
{
    /// <summary>Registers a user, has the admin make them an organizer, and signs them in again (the grant revokes older tokens).</summary>
    public static async Task<(Guid Id, string Token)> NewOrganizerAsync(this EventlyApp app, string adminToken)
    {
        var email = $"organizer-{Guid.NewGuid():N}@example.com";
        var (id, _) = await app.RegisterAsync(email);
        using var admin = app.ClientWithToken(adminToken);
        var granted = await admin.PatchAsJsonAsync($"/api/v1/admin/users/{id}", new { role = "organizer" });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Equal("organizer", (await granted.JsonAsync()).GetProperty("role").GetString());
        return (id, await app.LoginAsync(email, "Password-123"));
    }

    /// <summary>Creates an event (a draft unless <paramref name="publish"/>) and returns the raw answer.</summary>
    public static Task<HttpResponseMessage> PostEventAsync(this HttpClient client, bool? publish = null, int capacity = 10, string name = "Organizer night",
        DateTimeOffset? date = null) =>
        client.PostAsJsonAsync("/api/v1/events", new
        {
            name,
            venue = "Club",
            eventDate = date ?? DateTimeOffset.UtcNow.AddDays(20),
            totalCapacity = capacity,
            price = 10m,
            publish,
        });

    /// <summary>Creates an event and returns its id.</summary>
    public static async Task<Guid> CreateAsync(this HttpClient client, bool? publish = null, int capacity = 10, string name = "Organizer night")
    {
        var created = await client.PostEventAsync(publish, capacity, name);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>Sends <paramref name="method"/> to <paramref name="path"/> with a JSON body when one is given.</summary>
    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, object? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }
}
