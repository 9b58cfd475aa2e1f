using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Evently.Persistence.Catalog;

/// <summary>
/// A keyset cursor of browse: the page it opens and the (event date, id) of the last event before it. Opaque to clients:
/// base64url of 1 version byte, the page, the date in microseconds and the id.
/// </summary>
public sealed record CatalogCursor(int Page, DateTimeOffset EventDate, Guid Id)
{
    private const byte Version = 1;
    private const int Length = 1 + 4 + 8 + 16;

    /// <summary>The cursor as a URL-safe token.</summary>
    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt32BigEndian(bytes[1..], Page);
        BinaryPrimitives.WriteInt64BigEndian(bytes[5..], EventDate.UtcTicks / 10);
        Id.TryWriteBytes(bytes[13..], bigEndian: true, out _);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Reads a token made by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryDecode(string? token, [NotNullWhen(true)] out CatalogCursor? cursor)
    {
        cursor = null;
        if (token is null || token.Length is < 30 or > 60)
        {
            return false;
        }

        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        Span<byte> bytes = stackalloc byte[48];
        if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != Length || bytes[0] != Version)
        {
            return false;
        }

        var page = BinaryPrimitives.ReadInt32BigEndian(bytes[1..]);
        var micros = BinaryPrimitives.ReadInt64BigEndian(bytes[5..]);
        if (page < 2 || micros < 0 || micros > DateTimeOffset.MaxValue.UtcTicks / 10)
        {
            return false;
        }

        cursor = new CatalogCursor(page, new DateTimeOffset(micros * 10, TimeSpan.Zero), new Guid(bytes[13..Length], bigEndian: true));
        return true;
    }
}
