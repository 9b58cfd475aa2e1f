using Evently.Api.Http;

namespace Evently.IntegrationTests.Http;

/// <summary>One If-Match reading for every edit that honours it (events and users read it alike).</summary>
public sealed class ETagsTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("*", null)]
    [InlineData(" * ", null)]
    [InlineData("\"3\"", 3L)]
    [InlineData("W/\"3\"", 3L)]
    [InlineData("3", 3L)]
    [InlineData(" \"12\" ", 12L)]
    public void Tags_this_API_issues_and_the_wildcard_are_read(string? header, long? expected)
    {
        Assert.True(ETags.TryParseIfMatch(header, out var version));
        Assert.Equal(expected, version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"abc\"")]
    [InlineData("\"-1\"")]
    [InlineData("\"0\"")]
    [InlineData("WW/\"3\"")]
    [InlineData("\"99999999999999999999\"")]
    [InlineData("\"3\", \"4\"")]
    public void Anything_else_is_refused(string header) =>
        Assert.False(ETags.TryParseIfMatch(header, out _));
}
