namespace Evently.IntegrationTests.Reliability;

/// <summary>A generated request body: raw bytes (possibly not UTF-8, possibly not JSON) and the content type claimed for them.</summary>
public sealed record FuzzBody(string? ContentType, byte[]? Bytes)
{
    /// <summary>No body at all.</summary>
    public static readonly FuzzBody None = new(null, null);

    /// <summary>UTF-8 text with a content type.</summary>
    public static FuzzBody Text(string? contentType, string text) => new(contentType, System.Text.Encoding.UTF8.GetBytes(text));
}
