using Evently.LoadGenerator.Cli;

namespace Evently.LoadGenerator;

/// <summary>The command line: <c>dotnet run --project src/Evently.LoadGenerator -- &lt;scenario&gt; [options]</c>.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => CliApp.RunAsync(args);
}
