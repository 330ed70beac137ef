namespace DefenderSimulator;

/// <summary>The label-hostile values of one recommendation of a hostile page: control characters, markup, very long.</summary>
internal sealed record HostileRecommendation(string Name, string ProductName, string Vendor, string Category, string SubCategory, string RemediationType, string Status, string Component)
{
    public static HostileRecommendation Make(int index, int length) => new(
        HostileText.Make("recommendation", index, length),
        HostileText.Make("product", index, length),
        HostileText.Make("vendor", index, length),
        HostileText.Make("category", index, length),
        HostileText.Make("subcategory", index, length),
        HostileText.Make("remediation", index, length),
        HostileText.Make("status", index, length),
        HostileText.Make("component", index, length));
}
