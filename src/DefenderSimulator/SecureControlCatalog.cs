namespace DefenderSimulator;

/// <summary>
/// The controls of the simulated Microsoft Secure Score: tens of controls over Identity, Data, Device, Apps and
/// Infrastructure, named as Microsoft names them (short ids for the older ones, <c>scid_…</c> for Defender for
/// Endpoint's). A few write their category in another casing in snapshots (<c>identity</c>, <c>apps</c>), a few are
/// deprecated (listed as profiles, absent from snapshots), as the real service shows.
/// </summary>
internal static class SecureControlCatalog
{
    public static IReadOnlyList<SecureControl> All { get; } = Build();

    /// <summary>The controls a snapshot scores: every one not deprecated.</summary>
    public static IReadOnlyList<SecureControl> Scored { get; } = All.Where(c => !c.Deprecated).ToArray();

    /// <summary>Two controls of a category Microsoft might add (e.g. <c>Cloud</c>): what a tenant shows with <see cref="SecureScoreSettings.UnknownCategory"/>.</summary>
    public static IReadOnlyList<SecureControl> InCategory(string category) =>
    [
        new("cloud_posture_baseline", "Apply the cloud security baseline", category, 8, "Defender for Cloud", "Config", "Core", "Low", "Moderate"),
        new("cloud_workload_protection", "Turn on workload protection for cloud resources", category, 6, "Defender for Cloud", "Config", "Defense in Depth", "Low", "High"),
    ];

    private static SecureControl[] Build()
    {
        SecureControl[] named =
        [
            new("AdminMFAV2", "Ensure multifactor authentication is enabled for all users in administrative roles", "Identity", 10, "AzureAD", "Config", "Core", "Low", "Low"),
            new("MFARegistrationV2", "Ensure multifactor authentication is enabled for all users", "Identity", 9, "AzureAD", "Config", "Core", "Moderate", "Moderate"),
            new("BlockLegacyAuthentication", "Enable Conditional Access policies to block legacy authentication", "Identity", 8, "AzureAD", "Config", "Core", "Moderate", "Moderate") { ProfileCategory = "Identity" },
            new("SigninRiskPolicy", "Turn on sign-in risk policy", "Identity", 7, "AzureAD", "Config", "Defense in Depth", "Moderate", "Moderate"),
            new("UserRiskPolicy", "Turn on user risk policy", "Identity", 7, "AzureAD", "Config", "Defense in Depth", "Moderate", "Moderate"),
            new("SelfServicePasswordReset", "Enable self-service password reset", "Identity", 1, "AzureAD", "Config", "Core", "Low", "Low"),
            new("PWAgePolicyNew", "Ensure the 'Password expiration policy' is set to 'Set passwords to never expire'", "Identity", 8, "AzureAD", "Config", "Core", "Low", "Low"),
            new("OneAdmin", "Designate more than one global admin", "Identity", 1, "AzureAD", "Config", "Core", "Low", "Low"),
            new("RoleOverlap", "Use least privileged administrative roles", "Identity", 1, "AzureAD", "Review", "Core", "Low", "Low"),
            new("IntegratedApps", "Do not allow users to grant consent to unreliable applications", "Identity", 4, "AzureAD", "Config", "Defense in Depth", "Moderate", "Low"),
            new("aad_limited_administrative_roles", "Use limited administrative roles", "identity", 1, "AzureAD", "Review", "Core", "Low", "Low") { ProfileCategory = "Identity" },
            new("aad_admin_accounts_separate_unassigned_cloud_only", "Ensure administrative accounts are separate and cloud-only", "Identity", 3, "AzureAD", "Config", "Core", "Moderate", "Moderate"),
            new("aad_password_protection", "Enable Microsoft Entra password protection", "Identity", 1, "AzureAD", "Config", "Defense in Depth", "Low", "Low"),
            new("aad_sign_in_frequency_intune_enrollment", "Set sign-in frequency for Intune enrollment", "Identity", 2, "AzureAD", "Config", "Defense in Depth", "Low", "Low"),
            new("mailboxAuditingEnabled", "Enable mailbox auditing for all users", "Data", 10, "EXO", "Config", "Core", "Low", "Low"),
            new("exo_storageproviderrestricted", "Ensure additional storage providers are restricted in Outlook on the web", "Data", 3, "EXO", "Config", "Defense in Depth", "Moderate", "Low"),
            new("exo_oauth2clientprofileenabled", "Ensure modern authentication for Exchange Online is enabled", "Data", 5, "EXO", "Config", "Core", "Low", "Low"),
            new("dlp_datalossprevention", "Turn on data loss prevention policies", "Data", 10, "MIP", "Config", "Core", "Moderate", "Moderate"),
            new("mip_sensitivitylabelspolicies", "Publish sensitivity labels", "Data", 5, "MIP", "Config", "Defense in Depth", "Moderate", "Moderate"),
            new("mip_autosensitivitylabelspolicies", "Apply sensitivity labels automatically", "data", 3, "MIP", "Config", "Advanced", "Moderate", "High") { ProfileCategory = "Data" },
            new("spo_idle_session_timeout", "Sign out inactive users in SharePoint Online", "Data", 4, "SPO", "Config", "Defense in Depth", "Moderate", "Low"),
            new("CustomerLockBoxEnabled", "Turn on customer lockbox", "Data", 5, "EXO", "Config", "Advanced", "Low", "Low"),
            new("mdo_atpprotection", "Turn on Microsoft Defender for Office 365 in SharePoint, OneDrive, and Microsoft Teams", "Apps", 8, "MDO", "Config", "Core", "Low", "Low"),
            new("mdo_safelinksforemail", "Create Safe Links policies for email messages", "Apps", 9, "MDO", "Config", "Core", "Low", "Low"),
            new("mdo_safeattachments", "Turn on Safe Attachments in block mode", "Apps", 8, "MDO", "Config", "Core", "Low", "Low"),
            new("mdo_commonattachmentsfilter", "Turn on the common attachments filter", "Apps", 5, "MDO", "Config", "Core", "Low", "Low"),
            new("mdo_spam_notifications_only_for_admins", "Set spam notifications for administrators only", "Apps", 5, "MDO", "Config", "Defense in Depth", "Low", "Low"),
            new("mdo_zapspam", "Ensure zero-hour auto purge is on for spam", "apps", 5, "MDO", "Config", "Defense in Depth", "Low", "Low") { ProfileCategory = "Apps" },
            new("meeting_restrictanonymousjoin_v1", "Restrict anonymous users from joining meetings", "Apps", 3, "Teams", "Config", "Defense in Depth", "Moderate", "Low"),
            new("mcas_connect_office_365", "Connect Office 365 to Microsoft Defender for Cloud Apps", "Apps", 9, "MCAS", "Config", "Core", "Low", "Low"),
            new("mcas_oauth_app_policies", "Create OAuth app policies", "Apps", 3, "MCAS", "Config", "Advanced", "Low", "Moderate"),
            new("mdi_sensor_health", "Resolve Defender for Identity sensor health issues", "Infrastructure", 5, "MDI", "Config", "Core", "Low", "Low"),
            new("mdi_unsecure_kerberos_delegation", "Remove unsecure Kerberos delegation", "Infrastructure", 8, "MDI", "Config", "Defense in Depth", "Moderate", "Moderate"),
            new("mdi_print_spooler", "Disable the Print spooler service on domain controllers", "Infrastructure", 6, "MDI", "Config", "Core", "Low", "Low"),
            new("mdi_weak_cipher", "Stop weak cipher usage", "Infrastructure", 4, "MDI", "Config", "Defense in Depth", "Moderate", "Moderate"),
            new("mdi_dormant_entities", "Remove dormant accounts from sensitive groups", "Infrastructure", 3, "MDI", "Review", "Core", "Low", "Low"),
            new("AdminMFA", "Require MFA for administrative roles (old)", "Identity", 50, "AzureAD", "Config", "Core", "Low", "Low", Deprecated: true),
            new("MFARegistration", "Register all users for multifactor authentication (old)", "Identity", 30, "AzureAD", "Config", "Core", "Moderate", "Moderate", Deprecated: true),
            new("DLPEnabled", "Enable data loss prevention policies (old)", "Data", 20, "EXO", "Config", "Core", "Moderate", "Moderate", Deprecated: true),
        ];

        // Defender for Endpoint's configuration controls, as the portal numbers them.
        string[] deviceTitles =
        [
            "Turn on Microsoft Defender Antivirus", "Update Microsoft Defender Antivirus definitions", "Turn on real-time protection",
            "Turn on cloud-delivered protection", "Block executable content from email client and webmail", "Block Office applications from creating child processes",
            "Block credential stealing from the Windows local security authority subsystem", "Turn on Microsoft Defender Firewall", "Encrypt all BitLocker-supported drives",
            "Disable SMBv1 client driver", "Turn on PUA protection in block mode", "Turn on Tamper Protection", "Set controlled folder access to enabled or audit mode",
            "Enable network protection", "Disable Anonymous enumeration of shares", "Disable the local storage of passwords and credentials",
            "Set user account control (UAC) to automatically deny elevation requests", "Block untrusted and unsigned processes that run from USB",
            "Disable 'Autoplay' for all drives", "Enable 'Local Security Authority (LSA) protection'", "Block persistence through WMI event subscription",
            "Turn on Microsoft Defender Application Guard managed mode", "Disable 'Enumerate administrator accounts on elevation'", "Turn on PowerShell script block logging",
            "Require LDAP client signing", "Disable IP source routing", "Set 'Minimum password length' to '14 or more characters'", "Enable 'Require domain users to elevate when setting a network's location'",
        ];
        var devices = deviceTitles.Select((title, i) => new SecureControl(
            "scid_" + (2000 + (i * 7)).ToString(System.Globalization.CultureInfo.InvariantCulture), title, i == 5 ? "device" : "Device",
            1 + (i * 5 % 9), "MDATP", "Config", i % 3 == 0 ? "Core" : "Defense in Depth", i % 4 == 0 ? "Moderate" : "Low", i % 5 == 0 ? "Moderate" : "Low")
        {
            ProfileCategory = i == 5 ? "Device" : null,
        });
        return [.. named, .. devices];
    }
}
