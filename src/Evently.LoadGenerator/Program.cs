using Evently.LoadGenerator.Cli;

return await CliApp.RunAsync(args);
