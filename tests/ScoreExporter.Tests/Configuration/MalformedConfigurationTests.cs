using ScoreExporter.Hosting;

namespace ScoreExporter.Tests.Configuration;

/// <summary>
/// Settings files the configuration loader cannot use: each fixture under Fixtures/config/malformed is one mistake,
/// and the exporter must stop with exit code 2 and exactly one line naming the file, the place and the fix.
/// </summary>
public sealed class MalformedConfigurationTests
{
    private static readonly string Malformed = Path.Combine(AppContext.BaseDirectory, "Fixtures", "config", "malformed");

    [Theory]
    [InlineData("missing-colon.json", " line 3, position 13: a ':' is missing after the property name: add it.")]
    [InlineData("missing-comma.json", " line 4, position 5: a ',' is missing before this entry: add it after the previous value.")]
    [InlineData("unclosed-object.json", " line 5, position 1: the file ends with a '{' or '[' still open: close it with '}' or ']'.")]
    [InlineData("unterminated-string.json", " line 3, position 25: the file ends inside a string: close it with '\"'.")]
    [InlineData("unquoted-value.json", " line 3, position 14: this value is not JSON: put text in double quotes (\"Commercial\"); numbers, true, false and null go without.")]
    [InlineData("single-quoted-name.json", " line 3, position 5: a property name is not in double quotes: write it as \"Name\".")]
    [InlineData("top-level-array.json", " holds no JSON object: shape it like appsettings.json, { \"Defender\": { ... } }.")]
    [InlineData("duplicate-key.json", ": the key 'Defender:Cloud' is set twice: keep one of them.")]
    [InlineData("notes.md", " is not JSON: give a JSON file shaped like appsettings.json, { \"Defender\": { ... } } (see README.md).")]
    [InlineData("empty.json", " is not JSON: give a JSON file shaped like appsettings.json, { \"Defender\": { ... } } (see README.md).")]
    public async Task A_malformed_config_file_is_one_line_with_the_file_the_place_and_the_fix(string fixture, string expected)
    {
        var path = Path.Combine(Malformed, fixture);

        var (exitCode, stderr) = await RunAsync(["--config", path]);

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        Assert.Equal($"configuration error: {path}{expected}", Assert.Single(Lines(stderr)));
    }

    [Fact]
    public async Task A_malformed_appsettings_json_is_one_line_with_the_file_the_place_and_the_fix()
    {
        var contentRoot = Path.Combine(AppContext.BaseDirectory, "Fixtures", "config", "malformed-appsettings");

        var (exitCode, stderr) = await RunAsync([], contentRoot);

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        Assert.Equal(
            $"configuration error: {Path.Combine(contentRoot, "appsettings.json")} line 3, position 3: a ',' is missing before this entry: add it after the previous value.",
            Assert.Single(Lines(stderr)));
    }

    [Fact]
    public async Task A_directory_given_as_config_file_is_named_as_such()
    {
        var path = Path.Combine(Malformed, "directory.json");

        var (exitCode, stderr) = await RunAsync(["--config", path]);

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        Assert.Equal($"configuration error: --config '{path}' is a directory: give the path of a JSON file shaped like appsettings.json.", Assert.Single(Lines(stderr)));
    }

    [Fact]
    public async Task A_config_file_that_cannot_be_read_is_named_as_such()
    {
        // Reading a process's own memory from offset 0 fails with an I/O error for any user, root included,
        // where a file without read permission would still be read by root.
        const string unreadable = "/proc/self/mem";

        var (exitCode, stderr) = await RunAsync(["--config", unreadable]);

        Assert.Equal(StartupErrors.ConfigurationExitCode, exitCode);
        Assert.Equal($"configuration error: --config '{unreadable}' cannot be read: give the exporter's user read access to it.", Assert.Single(Lines(stderr)));
    }

    /// <summary>Runs the exporter's own start in this process; a start that succeeds by mistake is stopped after a bound.</summary>
    private static async Task<(int ExitCode, string Stderr)> RunAsync(string[] args, string? contentRoot = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var exitCode = await ExporterHost.RunAsync([.. args, "--urls", "http://127.0.0.1:0"], stdout, stderr, contentRoot ?? AppContext.BaseDirectory, bound.Token);
        return (exitCode, stderr.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
