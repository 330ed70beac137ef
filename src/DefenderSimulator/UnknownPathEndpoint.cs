using System.Text.Json;

namespace DefenderSimulator;

/// <summary>Any other path: 404 with the documented error body, still logged, so a client calling a wrong URL shows up.</summary>
internal sealed class UnknownPathEndpoint(SimulatorServer server, TokenEndpoint tokens)
{
    public async Task HandleAsync(HttpContext context)
    {
        var tenant = tokens.Check(context.Request.Headers.Authorization).IssuedTo;
        server.Log.Add(context, tenant?.TenantId, RequestKind.Api, 404, context.Request.Path.Value ?? "/");
        context.Response.StatusCode = 404;
        var body = new ErrorBody(new ErrorDetail("ResourceNotFound", $"Resource '{context.Request.Path}' was not found.", Guid.NewGuid().ToString()));
        await context.Response.WriteAsJsonAsync(body, SimulatorJson.Context.ErrorBody, cancellationToken: context.RequestAborted);
    }
}
