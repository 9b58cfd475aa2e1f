using System.Globalization;
using System.Text;

namespace Evently.IntegrationTests.Reliability;

/// <summary>One generated HTTP request: who sends it, where, with what headers and body.</summary>
public sealed record FuzzRequest(
    FuzzEndpoint Endpoint, string Caller, string Method, string PathAndQuery, FuzzBody Body, IReadOnlyList<(string Name, string Value)> Headers)
{
    private const int ShownBody = 400;

    /// <summary>Printed in a failure so the request can be replayed by hand.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Method} {Shorten(PathAndQuery, 300)} as {Caller} (endpoint {Endpoint.Key})");
        foreach (var (name, value) in Headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {name}: {Shorten(value, 100)}");
        }

        if (Body.Bytes is { } bytes)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  Content-Type: {Body.ContentType ?? "(none)"}\n  Body ({bytes.Length} bytes): {Shorten(Readable(bytes), ShownBody)}");
        }

        return text.ToString();
    }

    // Valid UTF-8 shows as text; each byte of an invalid sequence as \xNN.
    private static string Readable(byte[] bytes)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true);
        try
        {
            return decoder.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return string.Concat(bytes.Select(b => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}"));
        }
    }

    private static string Shorten(string value, int max) =>
        value.Length <= max ? value : $"{value[..max]}…({value.Length} chars)";
}
