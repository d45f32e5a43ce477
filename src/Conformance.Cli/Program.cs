using System.Runtime.InteropServices;
using Conformance.Cli;

// Not disposed: ProcessExit may fire after Main returns, and cancelling then must be harmless.
var cts = new CancellationTokenSource();
// Ctrl-C / SIGINT and SIGTERM interrupt the run: no new case starts, the clients are killed with their process groups,
// the finished cases are reported (exit 130). A second signal gets the default action: the process ends at once.
void Interrupt(PosixSignalContext context)
{
    if (cts.IsCancellationRequested) return;
    context.Cancel = true;
    cts.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
AppDomain.CurrentDomain.ProcessExit += (_, _) => cts.Cancel();
return await CliApp.RunAsync(args, Console.Out, Console.Error, cts.Token);
