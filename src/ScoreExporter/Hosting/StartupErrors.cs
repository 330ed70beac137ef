using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using ScoreExporter.Configuration;
using ScoreExporter.Web;

namespace ScoreExporter.Hosting;

/// <summary>
/// Turns configuration mistakes into exit code 2 and one line per mistake on stderr, naming the key and the fix,
/// instead of a stack trace.
/// </summary>
public static partial class StartupErrors
{
    public const int ConfigurationExitCode = 2;

    public static async Task<int> ExitOnConfigurationErrorAsync(Func<Task> run, TextWriter? error = null)
    {
        error ??= Console.Error;
        try
        {
            await run().ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (Describe(e) is { Count: > 0 } lines)
        {
            foreach (var line in lines)
            {
                await error.WriteLineAsync($"configuration error: {line}").ConfigureAwait(false);
            }

            return ConfigurationExitCode;
        }
    }

    /// <summary>The user-facing lines for a configuration mistake, or none when the exception is something else.</summary>
    public static IReadOnlyList<string> Describe(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
        OptionsValidationException validation => validation.Failures.Select(f => OneLine(Unwrap(f))).ToArray(),
        ConfigurationException configuration => [OneLine(configuration.Message)],
        WebConfigurationException web => [OneLine(web.Message)],
        InvalidDataException file when JsonFileProblem.Describe(file) is { } line => [line],
        FormatException url when InvalidUrl().Match(url.Message) is { Success: true } match =>
            [$"--urls '{match.Groups["url"].Value}' is not a URL: use one like http://0.0.0.0:9464 (several are separated by ';')."],
        IOException { InnerException: AddressInUseException } bind when BindFailure().Match(bind.Message) is { Success: true } match =>
            [$"{match.Groups["address"].Value} is in use by another process: stop that process, or listen elsewhere with --urls (e.g. http://0.0.0.0:9465)."],
        InvalidOperationException binding when BindingFailure().Match(binding.Message) is { Success: true } match =>
            [Binding(match.Groups["key"].Value, match.Groups["value"].Value, match.Groups["type"].Value)],
        _ => [],
    };

    // The enums a configuration key can hold, named here rather than found with Type.GetType so that trimming
    // and Native AOT keep them.
    private static readonly Type[] ConfigurationEnums = [typeof(DefenderCloud), typeof(CredentialKind)];

    private static string Binding(string key, string value, string typeName)
    {
        var type = Array.Find(ConfigurationEnums, e => typeName.Contains(e.FullName!, StringComparison.Ordinal));
        var fix = type switch
        {
            not null => "use one of " + string.Join(", ", Enum.GetNames(type)),
            _ when typeName.Contains("TimeSpan", StringComparison.Ordinal) => "use a duration like 00:05:00 (hh:mm:ss)",
            _ when typeName.Contains("Int32", StringComparison.Ordinal) => "use a whole number",
            _ when typeName.Contains("Uri", StringComparison.Ordinal) => "use an absolute https:// URL",
            _ => "fix the value",
        };
        return $"{key} '{value}' is not valid: {fix}.";
    }

    // The generated data-annotations validator names the member and its class; the user needs the configuration key.
    private static string Unwrap(string failure) =>
        DataAnnotationFailure().Match(failure) is { Success: true } match
            ? $"{DefenderOptions.SectionName}:{match.Groups["member"].Value} {match.Groups["rest"].Value}"
            : failure;

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"^(?<member>\w+): The field DefenderOptions\.\w+ (?<rest>.*)$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    // Kestrel's messages for a listen address it cannot parse, and for one another process holds.
    [GeneratedRegex(@"^Invalid url: '(?<url>.*)'$", RegexOptions.Singleline)]
    private static partial Regex InvalidUrl();

    [GeneratedRegex(@"^Failed to bind to address (?<address>\S+): address already in use")]
    private static partial Regex BindFailure();

    // The configuration binder's message for a value it cannot convert.
    [GeneratedRegex(@"Failed to convert configuration value '(?<value>[^']*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'")]
    private static partial Regex BindingFailure();
}
