namespace ScoreExporter.Web;

/// <summary>
/// Applies the web configuration to every request: the configured response headers, then basic auth on every path
/// but the probes (a kubelet has no password), with 401 and <c>WWW-Authenticate: Basic</c> for a missing or wrong one.
/// </summary>
public sealed class WebAccessMiddleware(RequestDelegate next, WebConfigurationMonitor monitor, VerifiedPasswords passwords)
{
    private static readonly PathString[] OpenPaths = ["/healthz", "/readyz"];

    public Task InvokeAsync(HttpContext context)
    {
        var configuration = monitor.ForRequest().Configuration;
        foreach (var (name, value) in configuration.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (!configuration.RequiresBasicAuth
            || OpenPaths.Any(path => context.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase))
            || (BasicCredentials.TryParse(context.Request.Headers.Authorization, out var credentials) && passwords.Verify(configuration.Users, credentials)))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic";
        return context.Response.WriteAsync("Unauthorized\n");
    }
}
