using System.Globalization;
using System.Text.Json;

namespace DefenderSimulator;

/// <summary>
/// Writes recommendation <c>i</c> of a tenant as <c>GET /api/recommendations</c> does, generated from (seed, i): every
/// category, remediation type and status, public exploits, impacts as doubles, exposed device counts (some 0).
/// </summary>
internal static class RecommendationWriter
{
    private static readonly (string Vendor, string Product, string Name, string Category, string SubCategory)[] Software =
    [
        ("google", "chrome", "Google Chrome", "Application", "Browsers"),
        ("microsoft", "edge_chromium-based", "Microsoft Edge", "Application", "Browsers"),
        ("mozilla", "firefox", "Mozilla Firefox", "Application", "Browsers"),
        ("oracle", "jre", "Oracle Java Runtime", "Application", "Runtimes"),
        ("adobe", "acrobat_reader_dc", "Adobe Acrobat Reader DC", "Application", "Productivity"),
        ("7-zip", "7-zip", "7-Zip", "Application", "Utilities"),
        ("notepad++", "notepad++", "Notepad++", "Application", "Utilities"),
        ("vmware", "tools", "VMware Tools", "Application", "Virtualization"),
        ("zoom", "zoom", "Zoom", "Application", "Communication"),
        ("microsoft", "office", "Microsoft Office", "Application", "Productivity"),
        ("microsoft", "windows_10", "Microsoft Windows 10", "OS", "Windows"),
        ("microsoft", "windows_11", "Microsoft Windows 11", "OS", "Windows"),
        ("microsoft", "windows_server_2019", "Microsoft Windows Server 2019", "OS", "Windows Server"),
        ("microsoft", "windows_server_2022", "Microsoft Windows Server 2022", "OS", "Windows Server"),
        ("apple", "macos", "Apple macOS", "OS", "macOS"),
        ("canonical", "ubuntu_linux", "Ubuntu Linux", "OS", "Linux"),
    ];

    private static readonly (string Name, string Category, string SubCategory)[] Configuration =
    [
        ("Turn on Tamper Protection", "SecurityControls", "Antivirus"),
        ("Enable Network Protection", "SecurityControls", "Attack Surface Reduction"),
        ("Block credential stealing from the Windows local security authority subsystem", "SecurityControls", "Attack Surface Reduction"),
        ("Encrypt all BitLocker-supported drives", "SecurityControls", "BitLocker"),
        ("Turn on Microsoft Defender Firewall", "Network", "Firewall"),
        ("Disable SMBv1 client driver", "Network", "SMB"),
        ("Disable IP source routing", "Network", "TCP/IP"),
        ("Set 'Minimum password length' to '14 or more characters'", "Accounts", "Password policy"),
        ("Disable 'Enumerate administrator accounts on elevation'", "Accounts", "User account control"),
        ("Set 'Account lockout threshold' to 1-10 invalid sign-in attempts", "Accounts", "Account lockout policy"),
    ];

    private static readonly string[] Threats = ["CVE-2024-21412 exploitation", "Ransomware", "Credential theft", "Lateral movement"];

    public static void Write(Utf8JsonWriter json, int seed, int index, HostileRecommendation? hostile = null)
    {
        var (a, b) = (StableHash.Mix(seed, index, 61), StableHash.Mix(seed, index, 62));
        var isConfig = a % 100 < 30;
        var devices = 20 + (int)(b % 4000);
        var exposed = (b >> 20) % 10 == 0 ? 0 : 1 + (int)((b >> 24) % (ulong)devices);
        string id, name, category, subCategory, vendor, product, remediation, component;
        if (isConfig)
        {
            var config = Configuration[(int)((a >> 8) % (ulong)Configuration.Length)];
            (id, name, category, subCategory) = ("scid-" + (10 + index).ToString(CultureInfo.InvariantCulture), config.Name, config.Category, config.SubCategory);
            (vendor, product, remediation, component) = ("microsoft", "windows", "ConfigurationChange", config.SubCategory);
        }
        else
        {
            // The first few name each product once, as most tenants show; later ones are further versions of them.
            var software = Software[index < Software.Length ? index : (int)((a >> 8) % (ulong)Software.Length)];
            var suffix = index < Software.Length ? string.Empty : "_" + index.ToString(CultureInfo.InvariantCulture);
            id = $"va-_-{software.Vendor}-_-{software.Product}{suffix}";
            remediation = ((a >> 16) % 10) switch { < 6 => "Update", < 8 => "Upgrade", _ => "Uninstall" };
            name = $"{remediation} {software.Name}";
            (category, subCategory, vendor, product, component) = (software.Category, software.SubCategory, software.Vendor, software.Product + suffix, software.Name);
        }

        var active = (a >> 24) % 10 != 0;
        var publicExploit = !isConfig && (a >> 32) % 3 == 0;
        json.WriteStartObject();
        json.WriteString("id", id);
        json.WriteString("productName", hostile?.ProductName ?? product);
        json.WriteString("recommendationName", hostile?.Name ?? name);
        json.WriteNumber("weaknesses", isConfig ? 0 : (int)((b >> 8) % 60));
        json.WriteString("vendor", hostile?.Vendor ?? vendor);
        json.WriteString("recommendationCategory", hostile?.Category ?? category);
        json.WriteString("subCategory", hostile?.SubCategory ?? subCategory);
        json.WriteNumber("severityScore", Math.Round(((b >> 40) % 100) / 10.0, 1));
        json.WriteBoolean("publicExploit", publicExploit);
        json.WriteBoolean("activeAlert", (b >> 48) % 20 == 0);
        json.WriteStartArray("associatedThreats");
        if (publicExploit)
        {
            json.WriteStringValue(Threats[(int)((b >> 52) % (ulong)Threats.Length)]);
        }

        json.WriteEndArray();
        json.WriteString("remediationType", hostile?.RemediationType ?? remediation);
        json.WriteString("status", hostile?.Status ?? (active ? "Active" : "Exception"));
        json.WriteNumber("configScoreImpact", isConfig ? Math.Round(((a >> 40) % 900) / 100.0, 2) : 0.0);
        json.WriteNumber("exposureImpact", exposed == 0 ? 0.0 : Math.Round(((a >> 48) % 5000) / 1000.0, 3));
        json.WriteNumber("totalMachineCount", devices);
        json.WriteNumber("exposedMachinesCount", exposed);
        json.WriteNumber("nonProductivityImpactedAssets", (int)((b >> 56) % 3));
        json.WriteString("relatedComponent", hostile?.Component ?? component);
        json.WriteEndObject();
    }
}
