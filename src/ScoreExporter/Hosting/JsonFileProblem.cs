using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ScoreExporter.Hosting;

/// <summary>
/// The one line for a JSON settings file (appsettings.json or <c>--config</c>) that could not be loaded: the file,
/// where it breaks, and how to fix it.
/// </summary>
public static partial class JsonFileProblem
{
    /// <summary>The line for the configuration loader's failure, or null when it is not about a JSON file.</summary>
    public static string? Describe(InvalidDataException e)
    {
        if (FailedToLoad().Match(e.Message) is not { Success: true } match)
        {
            return null;
        }

        var path = match.Groups["path"].Value;
        return e.InnerException switch
        {
            FormatException { InnerException: JsonException json } => Syntax(path, json),
            FormatException duplicate when DuplicateKey().Match(duplicate.Message) is { Success: true } key =>
                $"{path}: the key '{key.Groups["key"].Value}' is set twice: keep one of them.",
            FormatException top when top.Message.StartsWith("Top-level JSON element", StringComparison.Ordinal) =>
                $"{path} holds no JSON object: shape it like appsettings.json, {{ \"Defender\": {{ ... }} }}.",
            { } other => $"{path} cannot be loaded ({other.Message}): fix the file or remove it.",
            null => null,
        };
    }

    private static string Syntax(string path, JsonException json)
    {
        var line = json.LineNumber ?? 0;
        var position = json.BytePositionInLine ?? 0;
        if (IsFirstToken(path, line, position))
        {
            return $"{path} is not JSON: give a JSON file shaped like appsettings.json, {{ \"Defender\": {{ ... }} }} (see README.md).";
        }

        return $"{path} line {line + 1}, position {position + 1}: {Fix(json.Message)}.";
    }

    // The reader's messages name the token it did not expect; the fix is said in the user's terms. Trailing commas and
    // comments are accepted by the configuration loader, so they are no mistake.
    private static string Fix(string reader) => reader switch
    {
        _ when reader.Contains("Expected a ':'", StringComparison.Ordinal) => "a ':' is missing after the property name: add it",
        _ when reader.Contains("Expected either ',', '}', or ']'", StringComparison.Ordinal) =>
            "a ',' is missing before this entry: add it after the previous value",
        _ when reader.Contains("open JSON object or array", StringComparison.Ordinal) =>
            "the file ends with a '{' or '[' still open: close it with '}' or ']'",
        _ when reader.Contains("reached end of data", StringComparison.Ordinal) =>
            "the file ends inside a string: close it with '\"'",
        _ when reader.Contains("invalid start of a property name", StringComparison.Ordinal) =>
            "a property name is not in double quotes: write it as \"Name\"",
        _ when reader.Contains("invalid start of a value", StringComparison.Ordinal) =>
            "this value is not JSON: put text in double quotes (\"Commercial\"); numbers, true, false and null go without",
        _ => "the JSON is malformed here: " + reader.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0],
    };

    /// <summary>True when the reader stopped at the file's first token: the file is not JSON at all.</summary>
    private static bool IsFirstToken(string path, long line, long position)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        var lines = text.TrimStart('\uFEFF').Split('\n');
        var first = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        if (first < 0)
        {
            return true;
        }

        var indent = lines[first].Length - lines[first].TrimStart().Length;
        return line == first && position == indent;
    }

    // The configuration loader's messages (Microsoft.Extensions.Configuration.FileExtensions and .Json).
    [GeneratedRegex(@"^Failed to load configuration from file '(?<path>.+)'\.$", RegexOptions.Singleline)]
    private static partial Regex FailedToLoad();

    [GeneratedRegex(@"^A duplicate key '(?<key>.+)' was found\.")]
    private static partial Regex DuplicateKey();
}
