using System.Text;
using CsCheck;

namespace Evently.IntegrationTests.Reliability;

/// <summary>Generators of whole request bodies: objects of the endpoint's members, and everything a body should not be.</summary>
public static class FuzzBodies
{
    private const string Json = "application/json";

    // Invalid UTF-8: a bad continuation, a lone continuation, truncated 3- and 4-byte sequences, 0xFF, an encoded surrogate, an overlong NUL.
    private static readonly byte[][] InvalidUtf8 =
        [[0xC3, 0x28], [0xA0, 0xA1], [0xE2, 0x28, 0xA1], [0xF0, 0x28, 0x8C, 0xBC], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]];

    private static readonly string[] Malformed =
    [
        "{", "}", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "{a:1}", "nul", "tru", "[1,2", "\"unterminated", "{\"a\":1}{\"b\":2}", "{\"a\":NaN}",
        "{\"a\":Infinity}", "{\"a\":01}", "{\"a\":+1}", "{\"a\":.5}", "{\"a\":\"\\x41\"}", "{\"a\":\"\t\"}", "/* comment */ {}", "\u0000",
        "{\"quantity\":1} trailing", "<xml/>", "=", "%7B%7D",
    ];

    private static readonly Gen<string> ContentTypes = Gen.Frequency(
        (12, Gen.Const(Json)),
        (1, Gen.OneOf("application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "application/xml",
            "application/json; charset=iso-8859-1", "application/merge-patch+json", "multipart/form-data", "application/problem+json", "*/*")));

    /// <summary>Anything: mostly an object of <paramref name="fields"/> under varying content types, often something else entirely.</summary>
    public static Gen<FuzzBody> Any(IReadOnlyList<BodyField> fields) => Gen.Frequency(
        (20, Gen.Select(ContentTypes, JsonFragments.Members(fields), FuzzBody.Text)),
        (15, JsonFragments.Plausible(fields).Select(text => FuzzBody.Text(Json, text))),
        (4, Gen.Const(FuzzBody.None)),
        (3, Gen.OneOf(Names(fields)).Select(name => FuzzBody.Text("application/x-www-form-urlencoded", $"{name}=%00&password=x&{name}=%C3%28"))),
        (20, Broken(fields)));

    /// <summary>
    /// Bodies no JSON endpoint may accept, all claiming to be JSON: malformed text, non-UTF-8 bytes, an array or a
    /// primitive where an object belongs, nesting deeper than the reader allows, a member of the wrong type.
    /// </summary>
    public static Gen<FuzzBody> Broken(IReadOnlyList<BodyField> fields)
    {
        return Gen.Frequency(
            (4, Gen.Frequency((3, Gen.OneOf(Malformed)), (1, JsonFragments.Members(fields).Where(o => o.Length > 2).SelectMany(o => Gen.Int[1, o.Length - 1].Select(n => o[..n]))))
                .Select(text => FuzzBody.Text(Json, text))),
            (4, Gen.Select(Gen.OneOf(Names(fields)), Gen.OneOf(InvalidUtf8), Gen.Bool, NotUtf8)),
            (3, JsonFragments.Members(fields).Select(o => FuzzBody.Text(Json, $"[{o}]"))),
            (2, Gen.OneOf("42", "\"text\"", "true", "1e308", "[]", "-1").Select(text => FuzzBody.Text(Json, text))),
            (1, Gen.Int[65, 2000].Select(depth => FuzzBody.Text(Json, new string('[', depth) + new string(']', depth)))),
            (3, Gen.OneOf(fields.Where(f => f.Kind is not (FieldKind.Text or FieldKind.Email or FieldKind.Password)).DefaultIfEmpty(new BodyField("quantity", FieldKind.Number)).ToArray())
                .SelectMany(field => Gen.OneOf(WrongType(field.Kind)).Select(value => FuzzBody.Text(Json, $"{{{JsonFragments.Quote(field.Name)}:{value}}}")))));
    }

    private static string[] Names(IReadOnlyList<BodyField> fields) =>
        fields.Count == 0 ? ["email", "quantity"] : fields.Select(f => f.Name).ToArray();

    // Values the member's type cannot hold (an object is a valid preferences value, so it gets only non-objects).
    private static string[] WrongType(FieldKind kind) => kind == FieldKind.NotificationPreferences
        ? ["\"abc\"", "[]", "1", "true"]
        : ["\"abc\"", "[]", "{}", "\"1\"", "1e308", "-1e308", "99999999999999999999", "[1]"];

    // The invalid bytes sit inside a string member, or are the whole body.
    private static FuzzBody NotUtf8(string name, byte[] invalid, bool inString)
    {
        if (!inString)
        {
            return new FuzzBody(Json, invalid);
        }

        var before = Encoding.UTF8.GetBytes($"{{{JsonFragments.Quote(name)}:\"a");
        var after = Encoding.UTF8.GetBytes("b\"}");
        return new FuzzBody(Json, [.. before, .. invalid, .. after]);
    }
}
