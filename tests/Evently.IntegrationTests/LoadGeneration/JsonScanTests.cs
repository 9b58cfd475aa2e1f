using Evently.LoadGenerator.Http;

namespace Evently.IntegrationTests.LoadGeneration;

/// <summary>The generator reads a booking answer's id and quantity in one pass, exactly as two separate lookups would.</summary>
public sealed class JsonScanTests
{
    private static readonly Guid Id = Guid.Parse("0196f3a2-7c1e-7d5b-9a10-4f2b8c3d1e55");

    [Theory]
    [InlineData("""{"id":"0196f3a2-7c1e-7d5b-9a10-4f2b8c3d1e55","bookingRef":"EVT-1","quantity":2}""", 2L)]
    [InlineData("""{"quantity":1,"event":{"id":"0196f3a2-0000-7d5b-9a10-4f2b8c3d1e55","quantity":9},"id":"0196f3a2-7c1e-7d5b-9a10-4f2b8c3d1e55"}""", 1L)]
    [InlineData("""{"tags":[{"quantity":7}],"id":"0196f3a2-7c1e-7d5b-9a10-4f2b8c3d1e55"}""", null)]
    [InlineData("""{"id":"0196f3a2-7c1e-7d5b-9a10-4f2b8c3d1e55","quantity":"two"}""", null)]
    public void A_booking_answer_yields_its_top_level_id_and_quantity(string json, long? quantity)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);

        Assert.Equal<(Guid, long?)?>((Id, quantity), JsonScan.Booking(bytes));
        Assert.Equal(JsonScan.Guid(bytes, "id"), JsonScan.Booking(bytes)?.Id);
        Assert.Equal(JsonScan.Int64(bytes, "quantity"), JsonScan.Booking(bytes)?.Quantity);
    }

    [Theory]
    [InlineData("""{"quantity":2}""")]
    [InlineData("""{"event":{"id":"0196f3a2-7c1e-7d5b-9a10-4f2b8c3d1e55"}}""")]
    [InlineData("""{"id":"not-a-guid","quantity":2}""")]
    [InlineData("""{"id":"0196f3a2-7c1e""")]
    [InlineData("")]
    public void An_answer_without_a_top_level_id_yields_nothing(string json) =>
        Assert.Null(JsonScan.Booking(System.Text.Encoding.UTF8.GetBytes(json)));
}
