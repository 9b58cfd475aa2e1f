namespace Evently.LoadGenerator.Cli;

/// <summary>The help text.</summary>
internal static class Usage
{
    public const string Text = """
        Evently load generator

        usage: dotnet run -c Release --project src/Evently.LoadGenerator -- <scenario> [options]

        scenarios
          flash-sale   one event of --seats seats; --clients clients book 1..2 seats in a loop until sold out (closed model)
                       --checkout: each client holds seats, thinks --think-ms (200), then confirms the hold or, for
                       --abandon-share (0.2) of them, releases it; --hold-minutes (10) sets the event's hold length
                       --seated: a seating plan of --seats (50,000) seats; clients book best-available runs of 1..4
                       together, --specific-share (0.2) of them named seats picked from the live seat map
          open         bookings arrive at --rate per second for --duration s; latency from each intended send time
          mixed        --events events; clients browse / book / cancel / join waitlists (--mix) for --duration s
          baseline     the classic BEGIN; UPDATE … WHERE available_seats >= q; INSERT; COMMIT over Npgsql, no HTTP
                       (--baseline-form one-statement: WITH u AS (UPDATE … RETURNING) INSERT … SELECT FROM u)
          compare      baseline in both forms on each of --baseline-pools, then flash-sale (same clients), open, mixed
                       and browse-only at --browse-events events; ratios against the best baseline variant
          sale-day     an event with a waiting room opening in --open-in s; --users U (20000; --quick 200) join its queue
                       before the opening, poll their place after it, book once admitted (at --admit-per-minute, default
                       U) until sold out (--seats, default U); --probe-share (0.01) of the users book without joining and
                       must all get 403 admission_required. Reports opening → admission p50/p99, bookings/s, the rank
                       correlation of join and admission order (≈ 0), bookings without admission (0). compare runs it too
                       (on its --users users)
          sweep        open model at each of --rates until p99 exceeds --sweep-p99 ms
          unknown-ids  --requests anonymous GET /events/{random id} from --clients workers; server memory growth (needs
                       --start or --server-pid)

        target
          --url URL                 API base URL (default http://127.0.0.1:5080)
          --start                   start the system (dotnet run -c Release --project src/Evently.Api --urls URL), wait for
                                    /health/ready, stop it at the end; reads the database from .data/postgres/connection.txt
          --start-timeout S         readiness timeout for --start (default 180)
          --server-pid PID          report this process's peak memory (VmHWM)
          --admin-email E, --admin-password P     admin account (default admin@evently.local / .data/admin-initial-password if a first start generated it, else Evently-Admin-2026!)
          --user-prefix P, --user-password P      load users P-000001@loadgen.evently.local… (registered if missing)
          --setup-parallelism N     parallel register/login/create calls before the clock starts (default 16)
          --login-flood K           open model only: K workers sign in with made-up emails (each from its own X-Forwarded-For
                                    address) from the warm-up to the end, and the answers are counted

        load
          --seats N (100000)  --clients K (1000)  --users U (2000)  --max-quantity Q (2)
          --duration S (30)  --rate R (5000)  --warmup S (3, open model, not measured)  --timeout S (600, closed runs)
          --events N (1000)  --event-seats N (200)  --hot-share F (0.1)  --hot-seats N (10)
          --mix browse=60,book=25,cancel=10,waitlist=5  --organizers N (16, admin accounts the events spread over)
          --mixed-clients K (200, compare's mixed and browse runs)  --browse-events N (100000, compare's browse run)
          --rates 1000,2000,…  --sweep-p99 MS (100)
          --request-timeout S (60)  --requests N (100000, unknown-ids)
          --quick                   small defaults for a smoke run (2000 seats, 50 clients, 5 s, 500/s)

        database
          --db CS                   Npgsql connection string for the check; without a database, every evently_shard_*
                                    database on the server is searched for the event (--shard-pattern LIKE-pattern)
          --baseline-db CS          where the baseline runs (default: --db); a database of its own is created when CS names
                                    none or postgres; tables live in schema "baseline"
          --max-connections N       baseline connections: min(clients, N) (default 200); more clients queue for one
          --baseline-form F         three-statements (default) or one-statement
          --baseline-pools 4,16,64,200   compare: pool sizes each form runs on (the best variant is the denominator)
          --baseline-seats N        compare: seats per baseline variant (default min(seats, 10000))

        output
          --out DIR                 result JSON and PNG chart (default loadgen-results)
          --quiet                   plain lines instead of live progress (also when CI is set or stdout is redirected)
          --no-chart                skip the PNG
          --allow-errors            errors alone do not fail the run (the database check still does)

        exit code: 0 = database check passed (0 oversold, 0 lost) and no errors; 2 = check failed or errors; 1 = usage/other
        """;
}
