using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Evently.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Evently.IntegrationTests.Organizers;

/// <summary>
/// The attendee CSV is streamed (docs/api.md#get-apiv1eventsidattendees): exporting 100,000 attendees must not hold
/// them in memory. The server runs in this process, so its managed heap is measured here while the body is read.
/// </summary>
public sealed class AttendeeCsvMemoryTests(AdminAppFixture fixture, ITestOutputHelper output) : IClassFixture<AdminAppFixture>
{
    private const int Attendees = 100_000;
    private const long MaxGrowthBytes = 50L * 1024 * 1024;
    private const int SampleEveryBytes = 512 * 1024;

    private EventlyApp App => fixture.App;

    [Fact]
    public async Task Exporting_100000_attendees_as_csv_grows_the_heap_by_less_than_50_MB()
    {
        var (_, ownerToken) = await App.NewOrganizerAsync(fixture.Admin);
        using var owner = App.ClientWithToken(ownerToken);
        var eventId = await owner.CreateAsync(publish: true, capacity: 1000);
        var seeding = Stopwatch.StartNew();

        // Written straight to the tables the export reads: the booking path is not what is measured.
        await TestPostgres.ExecuteAsync(App.Directory, $"""
            INSERT INTO users (id, email, name, password_hash)
            SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid, 'csv-' || g || '@example.com', 'Attendee number ' || g, 'x'
            FROM generate_series(1, {Attendees}) g
            """);
        await TestPostgres.ExecuteAsync(App.ShardOf(eventId), $"""
            INSERT INTO bookings (id, user_id, event_id, booking_ref, quantity, unit_price, total_amount, created_at)
            SELECT gen_random_uuid(), ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid, '{eventId}', 'CSV' || lpad(g::text, 9, '0'), 1, 10, 10,
                   now() + g * interval '1 millisecond'
            FROM generate_series(1, {Attendees}) g
            """);
        output.WriteLine($"seeded {Attendees} bookings in {seeding.Elapsed.TotalSeconds:F1} s");

        var streaming = Stopwatch.StartNew();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var baselineWorkingSet = WorkingSet();
        long peak = baseline;
        long peakWorkingSet = baselineWorkingSet;
        long lines = 0;
        long bytes = 0;
        var lastByte = (byte)0;
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events/{eventId}/attendees"))
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
            using var response = await owner.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64 * 1024];
            var sinceSample = 0L;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                lastByte = buffer[read - 1];
                bytes += read;
                sinceSample += read;
                if (sinceSample >= SampleEveryBytes)
                {
                    // Live objects only: garbage the collector has not reached yet is not memory the export holds.
                    sinceSample = 0;
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                    peakWorkingSet = Math.Max(peakWorkingSet, WorkingSet());
                }
            }
        }

        output.WriteLine(
            $"streamed {bytes / 1024.0 / 1024:F1} MB, {lines} lines in {streaming.Elapsed.TotalSeconds:F1} s; managed heap {baseline / 1048576.0:F1} MB, " +
            $"peak growth {(peak - baseline) / 1048576.0:F1} MB; working set {baselineWorkingSet / 1048576.0:F1} MB, peak growth {(peakWorkingSet - baselineWorkingSet) / 1048576.0:F1} MB");
        Assert.Equal(Attendees + 1, lines);
        Assert.Equal((byte)'\n', lastByte);
        Assert.True(bytes > Attendees * 90L, $"only {bytes} bytes for {Attendees} attendees");
        Assert.True(peak - baseline < MaxGrowthBytes, $"the heap grew by {(peak - baseline) / 1048576.0:F1} MB while streaming");
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
