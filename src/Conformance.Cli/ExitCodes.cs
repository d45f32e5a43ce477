namespace Conformance.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int StaleBaseline = 2;
    public const int Usage = 3;
    /// <summary>The harness could not do its job (unwritable --out, unreadable input, a bug): the same 3 as a usage error.</summary>
    public const int HarnessError = 3;
    /// <summary>Interrupted (SIGINT / SIGTERM): the reports hold the cases that finished. 128 + SIGINT, as shells report it.</summary>
    public const int Interrupted = 130;
}
