using Evently.Api.Hosting;
using Evently.Contracts.Events;
using Evently.Contracts.Users;
using Evently.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Evently.IntegrationTests.Foundation;

/// <summary>The cached way to a grain reference names the same grain, through the same interface, as Orleans' own.</summary>
public sealed class GrainReferencesTests(AdminAppFixture fixture) : IClassFixture<AdminAppFixture>
{
    [Fact]
    public void A_cached_reference_names_the_same_grain_and_interface_as_GetGrain()
    {
        var grains = fixture.App.Services.GetRequiredService<IGrainFactory>();
        foreach (var id in new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.Empty })
        {
            var ordinaryEvent = (GrainReference)(object)grains.GetGrain<IEventGrain>(id);
            var cachedEvent = (GrainReference)(object)grains.For<IEventGrain>(id);
            var ordinaryUser = (GrainReference)(object)grains.GetGrain<IUserGrain>(id);
            var cachedUser = (GrainReference)(object)grains.For<IUserGrain>(id);

            Assert.Equal(ordinaryEvent.GrainId, cachedEvent.GrainId);
            Assert.Equal(ordinaryEvent.InterfaceType, cachedEvent.InterfaceType);
            Assert.Equal(ordinaryUser.GrainId, cachedUser.GrainId);
            Assert.Equal(ordinaryUser.InterfaceType, cachedUser.InterfaceType);
            Assert.NotEqual(cachedEvent.GrainId, cachedUser.GrainId);
        }
    }

    [Fact]
    public async Task A_call_through_a_cached_reference_reaches_the_grain()
    {
        var grains = fixture.App.Services.GetRequiredService<IGrainFactory>();
        var (userId, _) = await fixture.App.RegisterAsync();

        var user = await grains.For<IUserGrain>(userId).GetAsync();

        Assert.NotNull(user);
        Assert.Equal(userId, user.Id);
        Assert.Null(await grains.For<IEventGrain>(Guid.NewGuid()).GetAsync());
    }
}
