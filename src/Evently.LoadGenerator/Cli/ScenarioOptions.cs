using Evently.LoadGenerator.Http;
using Evently.LoadGenerator.Scenarios;

namespace Evently.LoadGenerator.Cli;

/// <summary>A scenario's options from the command line, for its own command and for compare.</summary>
internal static class ScenarioOptions
{
    public static FlashSaleOptions FlashSale(ScenarioRun run, UserSession? session) => new()
    {
        Target = run.Target,
        Seats = run.Settings.Seats,
        Clients = run.Settings.Clients,
        Users = run.Settings.Users,
        MaxQuantity = run.Settings.MaxQuantity,
        MaxDuration = run.Settings.Timeout,
        Observer = run.Ui,
        Session = session,
    };

    /// <summary>The open model at <paramref name="rate"/>, on an event large enough not to sell out.</summary>
    public static OpenModelOptions Open(ScenarioRun run, UserSession? session, double rate) => new()
    {
        Target = run.Target,
        Rate = rate,
        Duration = run.Settings.Duration,
        WarmUp = run.Settings.WarmUp,
        MaxConnections = run.Settings.Clients,
        Users = run.Settings.Users,
        MaxQuantity = run.Settings.MaxQuantity,
        Observer = run.Ui,
        Session = session,
    };

    public static MixedOptions Mixed(ScenarioRun run, UserSession? session, int clients)
    {
        var o = run.Settings;
        var mix = o.Mix;
        return new MixedOptions
        {
            Target = run.Target,
            Events = o.Events,
            EventSeats = o.EventSeats,
            HotShare = o.HotShare,
            HotEventSeats = o.HotSeats,
            Organizers = o.Organizers,
            Clients = clients,
            Users = o.Users,
            Duration = o.Duration,
            BrowseWeight = mix.Browse,
            BookWeight = mix.Book,
            CancelWeight = mix.Cancel,
            WaitlistWeight = mix.Waitlist,
            Observer = run.Ui,
            Session = session,
        };
    }

    public static BaselineOptions Baseline(ScenarioRun run) => new()
    {
        ConnectionString = run.Settings.BaselineDb ?? run.Db ?? throw new LoadGeneratorException("the baseline needs --baseline-db or --db (or --start)"),
        Seats = run.Settings.Seats,
        Clients = run.Settings.Clients,
        MaxConnections = run.Settings.MaxConnections,
        MaxQuantity = run.Settings.MaxQuantity,
        MaxDuration = run.Settings.Timeout,
        Observer = run.Ui,
    };

    /// <summary>The sale day on its own users, or (compare) on <paramref name="session"/>'s users, admitted at 3 × their count a minute.</summary>
    public static SaleDayOptions SaleDay(ScenarioRun run, UserSession? session)
    {
        var o = run.Settings;
        return new SaleDayOptions
        {
            Target = run.Target,
            Users = session?.UserAuthorizations.Count ?? o.SaleDayUsers,
            Seats = session is null ? o.SaleDaySeats : o.SeatsGiven ?? session.UserAuthorizations.Count,
            AdmitPerMinute = session is null || o.AdmitPerMinuteGiven is not null ? o.AdmitPerMinute : Math.Clamp(session.UserAuthorizations.Count * 3, 1, 100_000),
            OpenIn = o.OpenIn,
            ProbeShare = o.ProbeShare,
            MaxQuantity = o.MaxQuantity,
            MaxDuration = o.Timeout,
            Observer = run.Ui,
            Session = session,
        };
    }
}
