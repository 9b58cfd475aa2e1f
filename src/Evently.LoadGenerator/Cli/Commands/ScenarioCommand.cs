using System.Text.Json;
using Evently.LoadGenerator.Cli.Settings;
using Evently.LoadGenerator.Terminal;
using Npgsql;
using Spectre.Console.Cli;

namespace Evently.LoadGenerator.Cli.Commands;

/// <summary>
/// What every scenario command does around its scenario: --dry-run, the terminal, starting and stopping the system,
/// and turning a failed set-up into exit code 1 with one line saying why.
/// </summary>
internal abstract class ScenarioCommand<TSettings> : AsyncCommand<TSettings>
    where TSettings : GeneratorSettings
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The scenario sends HTTP requests (one client is created for the whole run).</summary>
    protected virtual bool UsesHttp => true;

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.DryRun)
        {
            System.Console.WriteLine(JsonSerializer.Serialize(new { scenario = context.Name, settings = settings.Document() }, Indented));
            return ExitCodes.Ok;
        }

        ITerminal ui = settings.Plain ? new PlainTerminal() : new SpectreTerminal();
        var run = new ScenarioRun(settings, ui, cancellationToken);
        try
        {
            await run.StartAsync(UsesHttp);
            return await RunAsync(run, settings);
        }
        catch (LoadGeneratorException ex)
        {
            ui.Error(ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ui.Error("cancelled");
        }
        catch (NpgsqlException ex)
        {
            ui.Error("database: " + ex.Message);
        }
        catch (HttpRequestException ex)
        {
            ui.Error("HTTP: " + ex.Message);
        }
        finally
        {
            await run.DisposeAsync();
        }

        return ExitCodes.Failure;
    }

    /// <summary>Runs the scenario, prints and saves what it measured; returns the exit code.</summary>
    protected abstract Task<int> RunAsync(ScenarioRun run, TSettings settings);
}
