namespace ScoreExporter.Tests.Collectors;

/// <summary>Recommendation list bodies as the API could send them.</summary>
internal static class RecommendationBodies
{
    /// <summary>
    /// The example of Microsoft's "List all recommendations" page, as printed: two strings side by side in one value and
    /// a bare <c>...</c> in the array, so not JSON at all.
    /// </summary>
    public const string MicrosoftExample = """
        {
            "@odata.context": "https://api.securitycenter.microsoft.com/api/$metadata#Recommendations",
            "value": [
                {
                    "id": "va-_-microsoft-_-windows_10" "va-_-microsoft-_-windows_11",
                    "productName": "windows_10" "Windows_11",
                    "recommendationName": "Update Windows 10" "Update Windows 11",
                    "weaknesses": 397,
                    "vendor": "microsoft",
                    "recommendedVersion": "",
                    "recommendationCategory": "Application",
                    "subCategory": "",
                    "severityScore": 0,
                    "publicExploit": true,
                    "activeAlert": false,
                    "associatedThreats": [
                        "3098b8ef-23b1-46b3-aed4-499e1928f9ed",
                        "40c189d5-0330-4654-a816-e48c2b7f9c4b"
                    ],
                    "remediationType": "Update",
                    "status": "Active",
                    "configScoreImpact": 0,
                    "exposureImpact": 7.674418604651163,
                    "totalMachineCount": 37,
                    "exposedMachinesCount": 7,
                    "nonProductivityImpactedAssets": 0,
                    "relatedComponent": "Windows 10" "Windows 11"
                }
                ...
             ]
        }
        """;

    /// <summary>The same recommendation made valid: one id, one name.</summary>
    public static string Item(
        string id = "va-_-microsoft-_-windows_10",
        string name = "Update Windows 10",
        string category = "Application",
        string remediation = "Update",
        string status = "Active",
        string publicExploit = "true",
        string configScoreImpact = "0",
        string exposureImpact = "7.674418604651163",
        string exposedMachinesCount = "7") => $$"""
        {"id": "{{id}}", "productName": "windows_10", "recommendationName": "{{name}}", "weaknesses": 397, "vendor": "microsoft",
         "recommendationCategory": "{{category}}", "subCategory": "", "severityScore": 0, "publicExploit": {{publicExploit}}, "activeAlert": false,
         "associatedThreats": [], "remediationType": "{{remediation}}", "status": "{{status}}", "configScoreImpact": {{configScoreImpact}},
         "exposureImpact": {{exposureImpact}}, "totalMachineCount": 37, "exposedMachinesCount": {{exposedMachinesCount}},
         "nonProductivityImpactedAssets": 0, "relatedComponent": "Windows 10"}
        """;

    public static string Page(params string[] items) => $$"""{"@odata.context": "x", "value": [{{string.Join(",", items)}}]}""";
}
