using Azure.Identity;
using ScoreExporter.Auth;

namespace ScoreExporter.Tests.Auth;

public sealed class TokenFailureTests
{
    [Fact]
    public void Only_the_OAuth_error_and_AADSTS_code_survive_from_an_Azure_Identity_message()
    {
        const string ClientId = "0e7c9a3b-1f2d-4c5e-8a9b-7d6e5f4a3b2c";
        var e = new AuthenticationFailedException(
            $"ClientSecretCredential authentication failed: invalid_client AADSTS7000215: Invalid client secret provided. "
            + $"Ensure the secret being sent in the request is the client secret value, for a secret added to app '{ClientId}'.");

        var described = TokenFailure.Describe(e);

        Assert.Equal("token request failed invalid_client (AADSTS7000215)", described);
        Assert.DoesNotContain(ClientId, described, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_token_request_is_described_as_timed_out()
    {
        Assert.Equal("token request timed out", TokenFailure.Describe(new OperationCanceledException()));
    }
}
