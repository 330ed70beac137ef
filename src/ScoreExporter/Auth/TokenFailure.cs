using System.Text.RegularExpressions;
using Azure.Identity;

namespace ScoreExporter.Auth;

/// <summary>
/// A loggable account of why no token could be had. Azure.Identity's messages name the client id and echo
/// server text, so only the OAuth error and the AADSTS code are kept.
/// </summary>
public static partial class TokenFailure
{
    public static string Describe(Exception e)
    {
        var text = e.ToString();
        var oauthError = OAuthError().Match(text);
        var aadsts = AadstsCode().Match(text);
        var what = e switch
        {
            CredentialUnavailableException => "credential unavailable",
            AuthenticationFailedException => "token request failed",
            OperationCanceledException => "token request timed out",
            _ => "token request failed",
        };
        return string.Join(' ', new[] { what, oauthError.Success ? oauthError.Value : null, aadsts.Success ? "(" + aadsts.Value + ")" : null }
            .Where(part => part is not null));
    }

    [GeneratedRegex(@"\b(invalid_client|unauthorized_client|invalid_request|invalid_grant|invalid_scope|temporarily_unavailable|server_error)\b")]
    private static partial Regex OAuthError();

    [GeneratedRegex(@"AADSTS\d{4,8}")]
    private static partial Regex AadstsCode();
}
