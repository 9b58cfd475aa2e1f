using Evently.IntegrationTests.Infrastructure;

namespace Evently.IntegrationTests.Auth;

/// <summary>The auth test classes share one app: starting a host and its databases costs seconds.</summary>
[CollectionDefinition(Name)]
public sealed class AuthCollection : ICollectionFixture<AdminAppFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "auth";
}
