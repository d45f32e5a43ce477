using Conformance.Cli;

// Not disposed: ProcessExit may fire after Main returns, and cancelling then must be harmless.
var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => cts.Cancel();
return await CliApp.RunAsync(args, Console.Out, Console.Error, cts.Token);
