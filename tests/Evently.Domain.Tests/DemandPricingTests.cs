using Evently.Domain.Events;
using Evently.Domain.Pricing;

namespace Evently.Domain.Tests;

public sealed class DemandPricingTests
{
    private readonly DemandPricing _pricing = new();

    [Theory]
    [InlineData(0, 100.00)]
    [InlineData(49, 100.00)]
    [InlineData(50, 110.00)]
    [InlineData(74, 110.00)]
    [InlineData(75, 125.00)]
    [InlineData(89, 125.00)]
    [InlineData(90, 150.00)]
    [InlineData(100, 150.00)]
    public void Demand_price_follows_the_highest_step_reached(int sold, double expected)
    {
        Assert.True(SeatLedger.ForCapacity(100).TryTake(Math.Max(sold, 0) == 0 ? 1 : sold, out var seats) || sold == 0);
        var ledger = sold == 0 ? SeatLedger.ForCapacity(100) : seats;

        Assert.Equal((decimal)expected, _pricing.PriceFor(DemandPricing.Demand, 100m, ledger));
    }

    [Fact]
    public void Fixed_price_ignores_sell_through_and_demand_never_drops_below_base()
    {
        Assert.True(SeatLedger.ForCapacity(10).TryTake(10, out var soldOut));
        Assert.Equal(80m, _pricing.PriceFor(DemandPricing.Fixed, 80m, soldOut));
        Assert.Equal(80m, _pricing.PriceFor(DemandPricing.Demand, 80m, SeatLedger.ForCapacity(10)));
    }

    [Fact]
    public void Held_seats_count_as_sold_through_and_cancellations_step_back_down()
    {
        var ledger = new SeatLedger(10, 4, 2);
        Assert.Equal(110m, _pricing.PriceFor(DemandPricing.Demand, 100m, ledger));
        Assert.Equal(100m, _pricing.PriceFor(DemandPricing.Demand, 100m, ledger.Release(2)));
    }

    [Fact]
    public void Custom_steps_apply_and_invalid_steps_are_refused()
    {
        var custom = new DemandPricing([new PriceStep(0.2, 1.0m)]);
        Assert.True(SeatLedger.ForCapacity(10).TryTake(2, out var seats));
        Assert.Equal(19.98m, custom.PriceFor(DemandPricing.Demand, 9.99m, seats));
        Assert.Throws<ArgumentException>(() => new DemandPricing([new PriceStep(0.5, -0.1m)]));
    }
}
