using Evently.LoadGenerator.Cli.Settings;
using Evently.LoadGenerator.Reporting;
using Evently.LoadGenerator.Scenarios;

namespace Evently.LoadGenerator.Cli.Commands;

/// <summary><c>flash-sale [--checkout | --seated]</c>: one event, a closed model of clients buying until it is sold out.</summary>
internal sealed class FlashSaleCommand : ScenarioCommand<FlashSaleSettings>
{
    protected override async Task<int> RunAsync(ScenarioRun run, FlashSaleSettings s)
    {
        var options = ScenarioOptions.FlashSale(run, null);
        if (s.Checkout)
        {
            var checkout = new CheckoutOptions { Think = TimeSpan.FromMilliseconds(s.ThinkMs), AbandonShare = s.AbandonShare, HoldMinutes = s.HoldMinutes };
            var sale = await run.ShowAsync(() => CheckoutSale.RunAsync(options, checkout, run.Ct));
            return run.Finish("flash sale with checkout holds (closed model)", "flash-sale-checkout", ResultFiles.Side(sale), sale, "Evently flash sale with checkout holds");
        }

        if (s.Seated)
        {
            options.Seats = s.SeatedSeats;
            var seated = await run.ShowAsync(() => SeatedFlashSale.RunAsync(options, s.SpecificShare, run.Ct));
            return run.Finish("seated flash sale (closed model)", "flash-sale-seated", ResultFiles.Side(seated), seated, "Evently seated flash sale");
        }

        var report = await run.ShowAsync(() => FlashSale.RunAsync(options, run.Ct));
        return run.Finish("flash sale (closed model)", "flash-sale", ResultFiles.Side(report), report, "Evently flash sale, closed model");
    }
}
