using System.Globalization;
using DefenderSimulator;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Proto.Metrics.V1;
using ScoreExporter.Collectors;
using ScoreExporter.Metrics;
using ScoreExporter.Tests.Collectors;
using ScoreExporter.Tests.Deploy.Support;
using ScoreExporter.Tests.Infrastructure;

namespace ScoreExporter.Tests.Otlp;

/// <summary>
/// OTLP push end to end: the exporter polls the simulator and pushes to a receiver on loopback that decodes the
/// protobuf with the OTLP .proto files; what arrives is compared with what /metrics shows at the same moment.
/// </summary>
public sealed class OtlpPushTests
{
    [Theory]
    [InlineData(OtlpOptions.HttpProtobuf)]
    [InlineData(OtlpOptions.Grpc)]
    public async Task Every_series_on_metrics_arrives_over_OTLP_with_the_same_names_attributes_and_values(string protocol)
    {
        await using var receiver = protocol == OtlpOptions.Grpc ? await OtlpReceiver.StartGrpcAsync() : await OtlpReceiver.StartHttpAsync();
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        DemoPosture.Apply(tenant, 0);
        var settings = CollectorPipelineTests.AllCollectors(tenant);
        settings["Otlp:Endpoint"] = receiver.BaseAddress.ToString();
        settings["Otlp:Protocol"] = protocol;
        settings["Otlp:Interval"] = "01:00:00"; // pushed by the test, at the moment it chooses
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, settings, time);

        // The clock stands still, so nothing polls between the scrape and the push.
        var scraped = await exporter.ScrapeAsync();
        Assert.True(exporter.Services.GetRequiredService<OtlpPush>().PushNow(), "the receiver did not take the push");
        var pushed = Assert.Single(receiver.Exports);

        if (protocol == OtlpOptions.Grpc)
        {
            Assert.Equal("/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", pushed.Path);
            Assert.Equal("HTTP/2", pushed.HttpProtocol);
        }
        else
        {
            Assert.Equal("/v1/metrics", pushed.Path);
            Assert.Equal(OtlpReceiver.ProtobufContentType, pushed.ContentType);
        }

        Assert.Equal(Lines(scraped), Lines(pushed));
        Assert.Contains(scraped.Samples, s => s.Name == "defender_device_group_exposure_score");
        Assert.Contains(scraped.Samples, s => s.Name == "defender_devices");

        // Each series has the kind its TYPE says: counters are monotonic cumulative sums, as on /metrics.
        foreach (var series in pushed.Series)
        {
            Assert.Equal(ExporterMetrics.MeterName, series.Scope);
            var type = scraped.Types[series.PrometheusName];
            Assert.Equal(type == "counter" ? OtlpKind.MonotonicSum : OtlpKind.Gauge, series.Kind);
            if (series.Kind == OtlpKind.MonotonicSum)
            {
                Assert.Equal(AggregationTemporality.Cumulative, series.Temporality);
            }
        }

        var resource = pushed.ResourceAttributes;
        Assert.Equal(OtlpPush.ServiceName, resource["service.name"]);
        Assert.Equal(BuildInfo.Current.Version, resource["service.version"]);
        Assert.Equal(exporter.Services.GetRequiredService<OtlpPush>().InstanceId, resource["service.instance.id"]);
        Assert.True(Guid.TryParse(resource["service.instance.id"], out _));
        Assert.Equal(
            scraped.Value("defender_exporter_build_info", ("version", BuildInfo.Current.Version), ("revision", BuildInfo.Current.Revision)),
            1);
    }

    [Fact]
    public async Task The_standard_variables_choose_the_receiver_and_the_push_repeats_every_interval()
    {
        await using var receiver = await OtlpReceiver.StartGrpcAsync();
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);

        // What the host reads from the environment variables of these names.
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.BaseAddress.ToString();
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
        settings["Otlp:Interval"] = "00:00:01";
        await using var exporter = await TestExporter.StartAsync(simulator, settings);

        var first = await receiver.WaitForMoreThanAsync(0);
        var second = await receiver.WaitForMoreThanAsync(1);

        var firstTime = first.Series.Single(s => s.Name == "defender_up").TimeUnixNano;
        var secondTime = second.Series.Single(s => s.Name == "defender_up").TimeUnixNano;
        Assert.True(secondTime > firstTime, "the second push is a new collection");
        Assert.Equal(
            first.Series.Single(s => s.Name == "defender_scrapes_total").StartTimeUnixNano,
            second.Series.Single(s => s.Name == "defender_scrapes_total").StartTimeUnixNano);
        Assert.Equal(1, second.Series.Single(s => s.Name == "defender_up" && s.Attributes["tenant"] == "contoso").Value);
    }

    [Fact]
    public async Task A_receiver_that_is_down_leaves_metrics_and_polling_unaffected_and_is_logged_once_until_it_is_back()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.SetScore(401.5, DateTimeOffset.UtcNow.AddHours(-1));
        var port = FreePort.Next();
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);
        settings["Otlp:Endpoint"] = $"http://127.0.0.1:{port}";
        settings["Otlp:Interval"] = "00:00:05";
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var exporter = await TestExporter.StartAsync(simulator, settings, time);

        // Polls every 10 s of fake time, pushes every 5 s: four failed pushes while two polls go on.
        tenant.SetScore(402.5, DateTimeOffset.UtcNow);
        await exporter.PollOnceAsync("contoso");
        await exporter.PollOnceAsync("contoso");
        await Eventually.TrueAsync(() => Failures(exporter) == 1, "the failed push logged");

        var metrics = await exporter.ScrapeAsync();
        Assert.Equal(402.5, metrics.Value("defender_device_secure_score", ("tenant", "contoso")));
        Assert.Equal(3, metrics.Value("defender_scrapes_total", ("tenant", "contoso")));
        Assert.Equal(1, metrics.Value("defender_up", ("tenant", "contoso")));
        Assert.Equal(0, metrics.All("defender_scrape_errors_total").Sum(s => s.Value));
        Assert.False(exporter.Services.GetRequiredService<OtlpPush>().PushNow(), "a push to a closed port succeeded");
        Assert.Equal(1, Failures(exporter));

        // The receiver comes up on that port: the next push on the timer goes through, and that is logged once.
        await using var receiver = await OtlpReceiver.StartHttpAsync(port);
        time.Advance(TimeSpan.FromSeconds(5));
        var pushed = await receiver.WaitForMoreThanAsync(0);
        await Eventually.TrueAsync(() => exporter.Logs.Lines.Count(l => l.Contains("succeeds again", StringComparison.Ordinal)) == 1, "the recovery logged");
        Assert.Equal(402.5, pushed.Series.Single(s => s.Name == "defender_device_secure_score").Value);
        Assert.Equal(1, Failures(exporter));
    }

    private static int Failures(TestExporter exporter) =>
        exporter.Logs.Lines.Count(l => l.Contains("OTLP push to", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal));

    /// <summary>
    /// The push has the series bounds of /metrics: 3,000 device-group series, more than the SDK's default of 2,000 per
    /// metric, all arrive, none folded into an overflow series.
    /// </summary>
    [Fact]
    public async Task The_push_has_the_series_limits_of_metrics()
    {
        const int Tenants = 3;
        const int Groups = 1000;
        await using var receiver = await OtlpReceiver.StartHttpAsync();
        await using var simulator = await SimulatorServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Defender:PollInterval"] = "00:05:00",
            ["Defender:Collectors:DeviceGroupExposureScore:Enabled"] = "true",
            ["Otlp:Endpoint"] = receiver.BaseAddress.ToString(),
            ["Otlp:Interval"] = "01:00:00",
        };
        for (var t = 0; t < Tenants; t++)
        {
            var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), $"secret-{t}");
            for (var g = 0; g < Groups; g++)
            {
                tenant.AddDeviceGroup($"group-{g}", id: g + 1, score: g % 100);
            }

            foreach (var (key, value) in TestExporter.TenantSettings(t, $"tenant-{t}", tenant))
            {
                settings[key] = value;
            }
        }

        await using var exporter = await TestExporter.StartAsync(simulator, settings, new FakeTimeProvider(DateTimeOffset.UtcNow));

        var scraped = await exporter.ScrapeAsync();
        Assert.True(exporter.Services.GetRequiredService<OtlpPush>().PushNow(), "the receiver did not take the push");
        var pushed = Assert.Single(receiver.Exports);

        Assert.Equal(Tenants * Groups, pushed.Series.Count(s => s.Name == "defender_device_group_exposure_score"));
        Assert.DoesNotContain(pushed.Series, s => s.Attributes.ContainsKey("otel.metric.overflow"));
        Assert.Equal(Lines(scraped), Lines(pushed));
    }

    /// <summary>
    /// /metrics and the push collect at different moments. A series that one of them saw and that has since gone (a
    /// score past StaleAfter) must not come back through the other: each collection shows what is true at its moment.
    /// </summary>
    [Fact]
    public async Task A_score_gone_stale_between_a_push_and_a_scrape_shows_on_neither()
    {
        await using var receiver = await OtlpReceiver.StartHttpAsync();
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);
        settings["Defender:StaleAfter"] = "00:00:25";
        settings["Otlp:Endpoint"] = receiver.BaseAddress.ToString();
        settings["Otlp:Interval"] = "01:00:00";
        await using var exporter = await TestExporter.StartAsync(simulator, settings, time);
        var push = exporter.Services.GetRequiredService<OtlpPush>();
        var lastSuccess = exporter.Score("contoso").Snapshot.LastSuccess!.Value;
        tenant.SetApiFault(ApiFault.Status(403, "Forbidden", "Missing application roles"));

        while (time.GetUtcNow() - lastSuccess <= TimeSpan.FromSeconds(25))
        {
            // Both collect while the score is fresh: the scrape first, then the push.
            Assert.NotNull((await exporter.ScrapeAsync()).Value("defender_device_secure_score", ("tenant", "contoso")));
            Assert.True(push.PushNow());
            Assert.Contains(receiver.Exports[^1].Series, s => s.Name == "defender_device_secure_score");
            await exporter.PollOnceAsync("contoso");
        }

        // Stale now. The scrape comes after a push that still saw the score, the push after a scrape that did not.
        var scraped = await exporter.ScrapeAsync();
        Assert.True(push.PushNow());
        var pushed = receiver.Exports[^1];

        Assert.Null(scraped.Value("defender_device_secure_score", ("tenant", "contoso")));
        Assert.DoesNotContain(pushed.Series, s => s.Name == "defender_device_secure_score");
        Assert.NotNull(scraped.Value("defender_device_secure_score_updated_timestamp_seconds", ("tenant", "contoso")));
        Assert.Contains(pushed.Series, s => s.Name == "defender_device_secure_score_updated_timestamp_seconds");
        Assert.Equal(Lines(scraped), Lines(pushed));
    }

    /// <summary>
    /// /metrics and the push collect from providers of their own, possibly at once. A collection reads the view its
    /// first instrument refreshed, though another collection refreshes meanwhile with a newer poll: here a collection
    /// is held after that first instrument while a poll publishes a new score and a push collects it.
    /// </summary>
    [Fact]
    public async Task A_collection_keeps_its_own_view_while_another_collection_refreshes_with_a_newer_poll()
    {
        await using var receiver = await OtlpReceiver.StartHttpAsync();
        await using var simulator = await SimulatorServer.StartAsync();
        var tenant = simulator.AddTenant(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), "secret");
        tenant.SetScore(100, DateTimeOffset.UtcNow.AddHours(-2));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = TestExporter.TenantSettings(0, "contoso", tenant);
        settings["Otlp:Endpoint"] = receiver.BaseAddress.ToString();
        settings["Otlp:Interval"] = "01:00:00";
        await using var exporter = await TestExporter.StartAsync(simulator, settings, time);
        var meters = exporter.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();

        // A third collector of the exporter's instruments, whose collection the test can hold.
        using var refreshed = new ManualResetEventSlim();
        using var resume = new ManualResetEventSlim();
        var scores = new List<double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ExporterMetrics.MeterName && instrument.Meter.Scope == meters)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, _, _, _) =>
        {
            if (instrument.Name == "defender_exporter_build_info")
            {
                refreshed.Set();
                resume.Wait(Eventually.DefaultTimeout);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "defender_device_secure_score")
            {
                scores.Add(value);
            }
        });
        listener.Start();

        var held = Task.Run(listener.RecordObservableInstruments);
        Assert.True(refreshed.Wait(Eventually.DefaultTimeout), "the held collection never reached its first instrument");
        tenant.SetScore(200, DateTimeOffset.UtcNow.AddHours(-1));
        await exporter.PollOnceAsync("contoso");
        Assert.True(exporter.Services.GetRequiredService<OtlpPush>().PushNow());
        resume.Set();
        await held.WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(200, receiver.Exports[^1].Series.Single(s => s.Name == "defender_device_secure_score").Value);
        Assert.Equal([100.0], scores);
    }

    /// <summary>A series as one comparable line, <c>name{label="value",...} value</c>, labels in order.</summary>
    private static List<string> Lines(MetricsText metrics) =>
        metrics.Samples.Select(s => Line(s.Name, s.Labels, s.Value)).Order(StringComparer.Ordinal).ToList();

    private static List<string> Lines(OtlpExport export) =>
        export.Series.Select(s => Line(s.PrometheusName, s.Attributes, s.Value)).Order(StringComparer.Ordinal).ToList();

    private static string Line(string name, IReadOnlyDictionary<string, string> labels, double value) =>
        $"{name}{{{string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\""))}}} "
        + value.ToString("R", CultureInfo.InvariantCulture);
}
