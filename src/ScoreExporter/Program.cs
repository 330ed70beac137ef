using ScoreExporter.Hosting;

// appsettings.json sits beside the binary, wherever the process is started from.
return await ExporterHost.RunAsync(args, Console.Out, Console.Error, AppContext.BaseDirectory);
