namespace Conformance.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int StaleBaseline = 2;
    public const int Usage = 3;
}
