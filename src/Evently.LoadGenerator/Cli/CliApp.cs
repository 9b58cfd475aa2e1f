using Evently.LoadGenerator.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Evently.LoadGenerator.Cli;

/// <summary>The console entry: one command per scenario (Spectre.Console.Cli parses, validates and writes the help).</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var cts = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        // "help" alone reads as --help, as it always has.
        return await Create().RunAsync(args is ["help", ..] ? ["--help", .. args[1..]] : args, cts.Token);
    }

    /// <summary>The application; <paramref name="interceptor"/> (tests) sees each command's settings before it runs.</summary>
    public static CommandApp Create(ICommandInterceptor? interceptor = null)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("dotnet run -c Release --project src/Evently.LoadGenerator --");
            config.UseStrictParsing();
            if (interceptor is not null)
            {
                config.SetInterceptor(interceptor);
            }

            // A bad command line is exit code 1, as a failed set-up is (2 is kept for a failed check).
            config.SetExceptionHandler((ex, _) =>
            {
                if (ex is CommandAppException { Pretty: { } pretty })
                {
                    AnsiConsole.Write(pretty);
                }
                else
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
                }

                return ExitCodes.Failure;
            });

            config.AddCommand<FlashSaleCommand>("flash-sale")
                .WithDescription("One event of --seats seats; --clients clients book 1..--max-quantity seats in a loop until it is sold out (closed model). --checkout: hold, think, confirm or abandon; --seated: a seating plan, best-available runs and named seats")
                .WithExample("flash-sale", "--start")
                .WithExample("flash-sale", "--seated", "--start", "--seats", "20000", "--clients", "500", "--users", "200")
                .WithExample("flash-sale", "--checkout", "--start", "--seats", "20000", "--clients", "500", "--users", "200");
            config.AddCommand<OpenCommand>("open")
                .WithDescription("Bookings arrive at --rate per second for --duration s whatever the answers do; latency counts from each intended send time")
                .WithExample("open", "--start", "--rate", "300", "--duration", "30", "--warmup", "5", "--login-flood", "32");
            config.AddCommand<MixedCommand>("mixed")
                .WithDescription("--events events; --clients clients browse / book / cancel / join waitlists (--mix) for --duration s")
                .WithExample("mixed", "--events", "300", "--clients", "200", "--users", "200", "--duration", "20", "--start");
            config.AddCommand<BaselineCommand>("baseline")
                .WithDescription("The classic BEGIN; UPDATE … WHERE available_seats >= q; INSERT; COMMIT over Npgsql, no HTTP (--baseline-form one-statement: WITH u AS (UPDATE … RETURNING) INSERT … SELECT FROM u)")
                .WithExample("baseline", "--start", "--clients", "64", "--max-connections", "16");
            config.AddCommand<CompareCommand>("compare")
                .WithDescription("The baseline in both forms on each of --baseline-pools, then flash-sale (same clients), open, mixed, browse-only at --browse-events events and sale-day (on its --users users); ratios against the best baseline variant")
                .WithExample("compare", "--start")
                .WithExample("compare", "--start", "--duration", "20", "--setup-parallelism", "64");
            config.AddCommand<SaleDayCommand>("sale-day")
                .WithDescription("An event with a waiting room opening in --open-in s; --users U (default 20000; --quick 200) join its queue before the opening, poll their place after it and book once admitted (at --admit-per-minute) until sold out (--seats, default U); --probe-share of them book without joining and must all get 403 admission_required")
                .WithExample("sale-day", "--start");
            config.AddCommand<SweepCommand>("sweep")
                .WithDescription("The open model at each of --rates until p99 exceeds --sweep-p99 ms")
                .WithExample("sweep", "--start", "--rates", "1000,2000,4000");
            config.AddCommand<DoorCommand>("door")
                .WithDescription("An event starting in 12 h with --attendees one-seat bookings; --doors doors check them in at once through POST /events/{id}/check-ins, each booking scanned --scans-per-booking times; scans/s and p99, then a check that every booking was checked in exactly once (one 201, the rest 409 already_checked_in; rescan; attendee list)")
                .WithExample("door", "--start", "--quick")
                .WithExample("door", "--attendees", "5000", "--doors", "32", "--scans-per-booking", "3", "--users", "500", "--start");
            config.AddCommand<UnknownIdsCommand>("unknown-ids")
                .WithDescription("--requests anonymous GET /events/{random id} from --clients workers, twice; server memory growth (needs --start or --server-pid)")
                .WithExample("unknown-ids", "--start", "--clients", "64");
        });
        return app;
    }
}
