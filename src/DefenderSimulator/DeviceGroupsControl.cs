namespace DefenderSimulator;

/// <summary>The control API's device group routes: list, replace, add and remove a tenant's groups.</summary>
internal static class DeviceGroupsControl
{
    public static void Map(RouteGroupBuilder control, SimulatorServer server)
    {
        control.MapGet("/tenants/{tenantId}/groups", (string tenantId) => server.Find(tenantId) is { } tenant
            ? Results.Json(tenant.DeviceGroups.Select(g => new DeviceGroupReport(g.Name, g.Id, g.CurrentScore.Score)).ToArray(), SimulatorJson.Context.DeviceGroupReportArray)
            : Results.NotFound());
        control.MapPut("/tenants/{tenantId}/groups", (string tenantId, DeviceGroupRequest[] groups) => Replace(server, tenantId, groups));
        control.MapPost("/tenants/{tenantId}/groups", (string tenantId, DeviceGroupRequest group) => Add(server, tenantId, group));
        control.MapDelete("/tenants/{tenantId}/groups/{name}", (string tenantId, string name) =>
            server.Find(tenantId) is { } tenant && tenant.RemoveDeviceGroup(name) ? Results.NoContent() : Results.NotFound());
    }

    private static IResult Replace(SimulatorServer server, string tenantId, DeviceGroupRequest[] groups)
    {
        if (groups.Any(g => string.IsNullOrEmpty(g.Name)) || groups.DistinctBy(g => g.Name, StringComparer.Ordinal).Count() != groups.Length)
        {
            return Results.BadRequest("every group needs a name, and names must be unique");
        }

        return ControlApi.WithTenant(server, tenantId, tenant =>
        {
            tenant.ClearDeviceGroups();
            foreach (var group in groups)
            {
                AddTo(tenant, group);
            }
        });
    }

    private static void AddTo(SimulatedTenant tenant, DeviceGroupRequest request)
    {
        var group = tenant.AddDeviceGroup(request.Name, request.Id, request.Score);
        if (!request.Drift && request.Score is { } score)
        {
            group.SetScore(score);
        }
    }

    private static IResult Add(SimulatorServer server, string tenantId, DeviceGroupRequest group)
    {
        if (string.IsNullOrEmpty(group.Name))
        {
            return Results.BadRequest("a group needs a name");
        }

        if (server.Find(tenantId) is not { } tenant)
        {
            return Results.NotFound();
        }

        if (tenant.DeviceGroups.Any(g => g.Name == group.Name))
        {
            return Results.Conflict($"group {group.Name} exists");
        }

        AddTo(tenant, group);
        return Results.Created($"{ControlApi.Prefix}/tenants/{tenantId}/groups/{Uri.EscapeDataString(group.Name)}", null);
    }
}
