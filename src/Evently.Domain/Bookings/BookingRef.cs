using System.Security.Cryptography;

namespace Evently.Domain.Bookings;

/// <summary>Short human-readable booking references such as <c>EV-7K3M9QXA</c>.</summary>
public static class BookingRef
{
    // Crockford's base32 without I, L, O, U: nothing a customer can misread over the phone.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>A fresh reference: 10 random characters, 50 bits, so collisions stay rare and the unique index catches the rest.</summary>
    public static string New()
    {
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        Span<char> chars = stackalloc char[13];
        chars[0] = 'E';
        chars[1] = 'V';
        chars[2] = '-';
        for (var i = 0; i < 10; i++)
        {
            chars[3 + i] = Alphabet[random[i] & 31];
        }

        return new string(chars);
    }

    /// <summary>True when <paramref name="value"/> has the shape of a booking reference.</summary>
    public static bool IsWellFormed(string value) =>
        value.Length == 13 && value.StartsWith("EV-", StringComparison.Ordinal) && value[3..].All(c => Alphabet.Contains(c));
}
