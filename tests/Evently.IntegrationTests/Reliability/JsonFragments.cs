using System.Globalization;
using System.Text;
using CsCheck;

namespace Evently.IntegrationTests.Reliability;

/// <summary>
/// Generators of JSON text for body members: values close to what the API accepts, and junk of every kind a client
/// could send instead (wrong types, huge and negative numbers, long, control and unpaired-surrogate strings, bad dates).
/// Written as text rather than serialised, so that even what a serialiser would refuse to produce can be sent.
/// </summary>
public static class JsonFragments
{
    /// <summary>Ten thousand characters.</summary>
    public static readonly string TenThousand = new('x', 10_000);

    private static readonly string[] JunkConstants =
    [
        "null", "true", "false", "0", "-1", "1", "2147483648", "-2147483649", "9223372036854775808", "1e308", "-1e308", "1e-308",
        "1.5", "0.001", "1E2", "-0", "123456789012345678901234567890", "\"\"", "\"   \"", "\"abc\"", "\"-1\"", "\"1e308\"", "\"NaN\"",
        "\"Infinity\"", "[]", "{}", "[1,2,3]", "{\"a\":1}", "[null]", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udfff\\ud800\"",
        "\"\\uffff\"", "\"😀🎟️\"", "\"مرحبا\"", "\"e\\u0301\\u0301\\u0301\"", "\"\\u202Eevil\"", "\"' OR 1=1 --\"", "\"'; DROP TABLE events; --\"",
        "\"%' OR '%'='\"", "\"<script>alert(1)</script>\"", "\"2027-13-45T00:00:00Z\"", "\"yesterday\"", "\"0001-01-01T00:00:00Z\"",
        "\"9999-12-31T23:59:59.9999999+14:00\"", "\"2027-02-30\"", "\"http://127.0.0.1/hook\"", "\"https://169.254.169.254/latest\"",
        "\"javascript:alert(1)\"", "\"\\\\\\\\server\\\\share\"", $"\"{TenThousand}\"", $"\"{string.Concat(Enumerable.Repeat("😀", 3000))}\"",
    ];

    /// <summary>Any JSON value a field should not hold.</summary>
    public static readonly Gen<string> Junk = Gen.Frequency(
        (6, Gen.OneOf(JunkConstants)),
        (2, Gen.String.Select(Quote)),
        (1, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture))));

    /// <summary>A JSON string literal for <paramref name="value"/>; unpaired surrogates and control characters become escapes.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var paired = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (paired)
            {
                text.Append(c).Append(value[++i]);
            }
            else if (c is '"' or '\\')
            {
                text.Append('\\').Append(c);
            }
            else if (c < 0x20 || char.IsSurrogate(c))
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.Append('"').ToString();
    }

    /// <summary>A value for a member of <paramref name="kind"/>: usually plausible, often junk.</summary>
    public static Gen<string> Value(FieldKind kind) => Gen.Frequency((5, Plausible(kind)), (3, Junk));

    /// <summary>A JSON object of <paramref name="fields"/>: each may be missing, junk or plausible, plus members nobody asked for.</summary>
    public static Gen<string> Members(IReadOnlyList<BodyField> fields)
    {
        var members = Gen.Const(new List<string>());
        foreach (var field in fields)
        {
            var member = Gen.Frequency((4, Value(field.Kind).Select(v => $"{Quote(field.Name)}:{v}")), (1, Gen.Const((string?)null)!));
            members = members.SelectMany(list => member.Select(m => m is null ? list : [.. list, m]));
        }

        var extra = Gen.Select(Gen.OneOf("id", "organizerId", "role", "status", "version", "availableSeats", "__proto__", "$type", "", "quantity"), Junk,
            (name, value) => $"{Quote(name)}:{value}");
        return members.SelectMany(list => extra.Array[0, 2].Select(more => "{" + string.Join(",", list.Concat(more)) + "}"));
    }

    /// <summary>A JSON object of every one of <paramref name="fields"/> with a plausible value: what reaches the grains and the database.</summary>
    public static Gen<string> Plausible(IReadOnlyList<BodyField> fields)
    {
        var members = Gen.Const(new List<string>());
        foreach (var field in fields)
        {
            var member = Plausible(field.Kind).Select(v => $"{Quote(field.Name)}:{v}");
            members = members.SelectMany(list => member.Select(m => (List<string>)[.. list, m]));
        }

        return members.Select(list => "{" + string.Join(",", list) + "}");
    }

    private static Gen<string> Plausible(FieldKind kind) => kind switch
    {
        FieldKind.Text => Gen.Frequency(
            (4, Gen.String[Gen.Char.AlphaNumeric, 1, 30].Select(Quote)),
            (2, Gen.OneOf("\"Café ☕ 🎟️\"", "\"a\\u0000b\"", "\"'; DROP TABLE events; --\"", "\"%_\\\\\"", "\"مرحبا\"", "\"\\u202Eevil\"", "\"tab\\there\"",
                "\"\\ud83d\"", $"\"{new string('n', 200)}\"", $"\"{string.Concat(Enumerable.Repeat("é", 200))}\"")),
            (1, Gen.OneOf("\"   \"", "\"\"", $"\"{new string('n', 201)}\"", $"\"{new string('d', 4001)}\""))),
        FieldKind.Email => Gen.Frequency(
            (3, Gen.String[Gen.Char.AlphaNumeric, 1, 12].Select(s => Quote($"fuzz-{s}@example.com"))),
            (1, Gen.OneOf("\"no-at-sign\"", "\"a@b@c\"", "\" ADMIN@EVENTLY.TEST \"", "\"@\"", $"\"{new string('e', 250)}@x.io\""))),
        FieldKind.Password => Gen.String[Gen.Char.AlphaNumeric, 0, 140].Select(Quote),
        FieldKind.Number => Gen.Frequency(
            (3, Gen.Int[-3, 12].Select(i => i.ToString(CultureInfo.InvariantCulture))),
            (1, Gen.OneOf("1000000", "1000001", "10080", "10081", "2147483647", "-2147483648", "1.0", "1e1"))),
        FieldKind.Money => Gen.OneOf("0", "49.90", "100000", "100000.01", "-0.01", "1.234", "0.1", "1e2", "79228162514264337593543950335", "12.5"),
        FieldKind.Date => Gen.Frequency(
            (2, Gen.Int[-30, 4000].Select(days => Quote(DateTimeOffset.UtcNow.AddDays(days).ToString("O", CultureInfo.InvariantCulture)))),
            (1, Gen.OneOf("\"2030-01-01\"", "\"2030-01-01T19:30:00+14:00\"", "\"2030-01-01T19:30:00-12:00\"", "\"2030-01-01 19:30\"", "1900000000"))),
        FieldKind.Bool => Gen.OneOf("true", "false"),
        FieldKind.PricingPolicy => Gen.OneOf("\"fixed\"", "\"demand\"", "\"Fixed\"", "\"DEMAND\"", "\"auction\""),
        FieldKind.Role => Gen.OneOf("\"user\"", "\"admin\"", "\"ADMIN\"", "\"root\""),
        FieldKind.NotificationPreferences => Gen.Select(Gen.OneOf("true", "false", "null", "\"yes\"", "1"),
            Gen.OneOf("\"https://example.com/hook\"", "\"http://127.0.0.1:9/hook\"", "\"http://[::1]/x\"", "\"http://10.0.0.1/\"", "\"ftp://example.com\"",
                "\"https://user:pw@example.com/\"", "\"not a url\"", "null", "42", $"\"https://example.com/{TenThousand}\""),
            (inApp, url) => $"{{\"inApp\":{inApp},\"webhookUrl\":{url}}}"),
        _ => Junk,
    };
}
