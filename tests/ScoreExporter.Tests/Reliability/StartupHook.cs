using System.Diagnostics.CodeAnalysis;

/// <summary>
/// Loaded into an exporter process by the shutdown tests (DOTNET_STARTUP_HOOKS): reports on stderr every task
/// exception nobody observed and every unhandled exception, and collects garbage at exit so that a faulted task
/// left behind by shutdown is finalized, and so reported, before the process ends.
/// The runtime looks for exactly this name in the global namespace.
/// </summary>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime requires StartupHook in the global namespace.")]
internal static class StartupHook
{
    public const string UnobservedMarker = "UNOBSERVED TASK EXCEPTION:";
    public const string UnhandledMarker = "UNHANDLED EXCEPTION:";

    /// <summary>Set to 1 to leave one faulted task unobserved on purpose: proves the hook reports them.</summary>
    public const string SelfTestVariable = "SCORE_EXPORTER_TEST_HOOK_SELF_TEST";

    public static void Initialize()
    {
        TaskScheduler.UnobservedTaskException += (_, e) => Console.Error.WriteLine($"{UnobservedMarker} {e.Exception}");
        AppDomain.CurrentDomain.UnhandledException += (_, e) => Console.Error.WriteLine($"{UnhandledMarker} {e.ExceptionObject}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        };

        if (Environment.GetEnvironmentVariable(SelfTestVariable) == "1")
        {
            LeaveAFaultedTask();
        }
    }

    // Not inlined, so no reference to the task survives on the caller's stack.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void LeaveAFaultedTask() => _ = Task.FromException(new InvalidOperationException("hook self-test"));
}
