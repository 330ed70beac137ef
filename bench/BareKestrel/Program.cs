// Serves one file's bytes on every path, as /metrics would, with nothing else to do: the ceiling for the exporter.
// Usage: dotnet BareKestrel.dll --body metrics.txt --urls http://127.0.0.1:9465
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var path = builder.Configuration["body"] ?? throw new ArgumentException("--body <file> is required");
var body = await File.ReadAllBytesAsync(path);
var app = builder.Build();
app.Run(context =>
{
    context.Response.ContentType = "text/plain; charset=utf-8; version=0.0.4";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body, 0, body.Length);
});
await app.RunAsync();
