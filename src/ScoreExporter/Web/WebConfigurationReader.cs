using System.Security.Authentication;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ScoreExporter.Web;

/// <summary>
/// Reads the exporter-toolkit web configuration file (YAML) strictly: every key is one the toolkit documents, every
/// value is checked, and each mistake is one line naming the file, the line, the key and the fix. Reads the YAML
/// representation model, not a reflection serializer, so trimming and Native AOT keep it whole.
/// </summary>
public static partial class WebConfigurationReader
{
    public const string ConfigurationKey = "Web:ConfigFile";

    private static readonly string[] TopKeys = ["tls_server_config", "http_server_config", "basic_auth_users"];

    private static readonly string[] TlsKeys =
        ["cert_file", "key_file", "cert", "key", "client_auth_type", "client_ca_file", "client_ca", "client_allowed_sans", "min_version", "max_version"];

    private static readonly string[] HttpKeys = ["headers", "http2"];

    // Documented by the toolkit, but with nothing in .NET's TLS stack or this exporter to map them to.
    private static readonly string[] UnsupportedKeys = ["rate_limit", "cipher_suites", "curve_preferences", "prefer_server_cipher_suites"];

    /// <summary>The headers the toolkit lets a file set, with the values allowed where it restricts them.</summary>
    private static readonly Dictionary<string, string[]> AllowedHeaders = new(StringComparer.Ordinal)
    {
        ["Strict-Transport-Security"] = [],
        ["X-Content-Type-Options"] = ["nosniff"],
        ["X-Frame-Options"] = ["deny", "sameorigin"],
        ["X-XSS-Protection"] = [],
        ["Content-Security-Policy"] = [],
    };

    public static WebConfiguration Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new WebConfigurationException($"{ConfigurationKey} '{path}' does not exist: give the path of a web configuration file (exporter-toolkit YAML), or unset it.");
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(path))
        {
            throw new WebConfigurationException($"{ConfigurationKey} '{path}' is a directory: give the path of a web configuration file (exporter-toolkit YAML).");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WebConfigurationException($"{ConfigurationKey} '{path}' cannot be read: give the exporter's user read access to it.");
        }

        return Parse(text, path);
    }

    /// <summary>Parses <paramref name="text"/>; relative file names are taken from <paramref name="path"/>'s folder, as the toolkit does.</summary>
    public static WebConfiguration Parse(string text, string path)
    {
        var file = new FileProblems(path);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw file.At(e.Start, $"the file is not valid YAML ({FirstSentence(e)}): fix the syntax");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return WebConfiguration.None;
        }

        if (stream.Documents.Count > 1)
        {
            throw file.At(stream.Documents[1].RootNode.Start, "the file holds more than one YAML document: keep one");
        }

        var root = file.Mapping(stream.Documents[0].RootNode, "the file");
        file.RefuseUnknown(root, null, TopKeys);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var tls = Child(root, "tls_server_config") is { } tlsNode ? ReadTls(file, file.Mapping(tlsNode, "tls_server_config"), directory) : null;
        var http = Child(root, "http_server_config") is { } httpNode ? file.Mapping(httpNode, "http_server_config") : null;
        if (http is not null)
        {
            file.RefuseUnknown(http, "http_server_config", HttpKeys);
        }

        var headers = http is not null && Child(http, "headers") is { } headersNode ? ReadHeaders(file, headersNode) : new Dictionary<string, string>();
        var http2 = http is null || Child(http, "http2") is not { } http2Node || file.Boolean(http2Node, "http_server_config.http2");
        var users = Child(root, "basic_auth_users") is { } usersNode ? ReadUsers(file, usersNode) : new Dictionary<string, string>();
        return new WebConfiguration(tls, users, headers, http2);
    }

    private static WebTlsSettings? ReadTls(FileProblems file, YamlMappingNode tls, string directory)
    {
        file.RefuseUnknown(tls, "tls_server_config", TlsKeys);
        string? Text(string key) => Child(tls, key) is { } node ? file.Scalar(node, $"tls_server_config.{key}") : null;
        string? FilePath(string key) => Text(key) is { Length: > 0 } name ? Path.GetFullPath(name, directory) : null;

        var certFile = FilePath("cert_file");
        var keyFile = FilePath("key_file");
        var caFile = FilePath("client_ca_file");
        var cert = Text("cert");
        var key = Text("key");
        var ca = Text("client_ca");
        var authText = Text("client_auth_type");
        if (certFile is null && keyFile is null && caFile is null && string.IsNullOrEmpty(cert) && string.IsNullOrEmpty(key)
            && string.IsNullOrEmpty(ca) && string.IsNullOrEmpty(authText))
        {
            // The toolkit's rule: a tls_server_config that sets none of these leaves the server on plain http.
            return null;
        }

        var line = tls.Start;
        file.OneOf(line, "cert_file", certFile, "cert", cert, "the server certificate (PEM)");
        file.OneOf(line, "key_file", keyFile, "key", key, "the server certificate's private key (PEM)");
        if (caFile is not null && !string.IsNullOrEmpty(ca))
        {
            throw file.At(line, "tls_server_config sets both client_ca_file and client_ca: keep one of them");
        }

        var auth = ClientAuth(file, tls, authText);
        var hasCa = caFile is not null || !string.IsNullOrEmpty(ca);
        if (hasCa && auth == ClientAuthType.NoClientCert)
        {
            throw file.At(line, "tls_server_config sets a client CA but no client_auth_type: set client_auth_type: RequireAndVerifyClientCert, or remove the CA");
        }

        if (!hasCa && auth is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert)
        {
            throw file.At(line, $"tls_server_config.client_auth_type {auth} needs the CA that signs client certificates: set client_ca_file");
        }

        List<string>? sans = null;
        if (Child(tls, "client_allowed_sans") is { } sansNode)
        {
            sans = file.Strings(sansNode, "tls_server_config.client_allowed_sans");
            if (auth is not (ClientAuthType.RequireAnyClientCert or ClientAuthType.RequireAndVerifyClientCert))
            {
                throw file.At(KeyStart(tls, "client_allowed_sans"), "tls_server_config.client_allowed_sans needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert: set one of them");
            }
        }

        var min = Version(file, tls, "min_version", SslProtocols.Tls12);
        var max = Version(file, tls, "max_version", SslProtocols.Tls13);
        if (min > max)
        {
            throw file.At(line, "tls_server_config.min_version is above max_version: lower min_version or raise max_version");
        }

        return new WebTlsSettings(certFile, NullIfEmpty(cert), keyFile, NullIfEmpty(key), caFile, NullIfEmpty(ca), auth, min, max, sans);
    }

    private static ClientAuthType ClientAuth(FileProblems file, YamlMappingNode tls, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return ClientAuthType.NoClientCert;
        }

        // RequireClientCert: the toolkit's older name for RequireAnyClientCert, still accepted there.
        if (text == "RequireClientCert")
        {
            return ClientAuthType.RequireAnyClientCert;
        }

        if (Enum.TryParse<ClientAuthType>(text, ignoreCase: false, out var auth) && Enum.IsDefined(auth) && !char.IsDigit(text[0]))
        {
            return auth;
        }

        throw file.At(Child(tls, "client_auth_type")!.Start,
            $"tls_server_config.client_auth_type '{text}' is not valid: use one of {string.Join(", ", Enum.GetNames<ClientAuthType>())}");
    }

    private static SslProtocols Version(FileProblems file, YamlMappingNode tls, string key, SslProtocols fallback)
    {
        if (Child(tls, key) is not { } node)
        {
            return fallback;
        }

        return file.Scalar(node, $"tls_server_config.{key}") switch
        {
            "TLS12" => SslProtocols.Tls12,
            "TLS13" => SslProtocols.Tls13,
            "TLS10" or "TLS11" => throw file.At(node.Start, $"tls_server_config.{key} {((YamlScalarNode)node).Value} is not offered by this exporter: use TLS12 or TLS13"),
            var other => throw file.At(node.Start, $"tls_server_config.{key} '{other}' is not valid: use TLS12 or TLS13"),
        };
    }

    private static Dictionary<string, string> ReadHeaders(FileProblems file, YamlNode node)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in file.Mapping(node, "http_server_config.headers").Children)
        {
            var name = file.Scalar(keyNode, "http_server_config.headers");
            var value = file.Scalar(valueNode, $"http_server_config.headers.{name}");
            if (!AllowedHeaders.TryGetValue(name, out var allowed))
            {
                throw file.At(keyNode.Start, $"http_server_config.headers.{name} cannot be set: use {string.Join(", ", AllowedHeaders.Keys)}");
            }

            if (allowed.Length > 0 && !string.IsNullOrEmpty(value) && !allowed.Contains(value, StringComparer.Ordinal))
            {
                throw file.At(valueNode.Start, $"http_server_config.headers.{name} '{value}' is not valid: use {string.Join(" or ", allowed)}");
            }

            if (!string.IsNullOrEmpty(value))
            {
                headers[name] = value;
            }
        }

        return headers;
    }

    private static Dictionary<string, string> ReadUsers(FileProblems file, YamlNode node)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is YamlScalarNode { Value: null or "" })
        {
            return users;
        }

        foreach (var (keyNode, valueNode) in file.Mapping(node, "basic_auth_users").Children)
        {
            var user = file.Scalar(keyNode, "basic_auth_users");
            if (user.Length == 0 || user.Contains(':', StringComparison.Ordinal))
            {
                throw file.At(keyNode.Start, $"basic_auth_users has a user name that is empty or holds ':': HTTP basic auth cannot send it, rename the user");
            }

            // The hash is a secret: it is never echoed back.
            var hash = valueNode is YamlScalarNode { Value: { } text } ? text : string.Empty;
            if (!BcryptHash().IsMatch(hash))
            {
                throw file.At(valueNode.Start, $"basic_auth_users.{user} is not a bcrypt hash: make one with htpasswd -nbB {user} '<password>' (the part after the ':')");
            }

            users[user] = hash;
        }

        return users;
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static Mark KeyStart(YamlMappingNode mapping, string key) =>
        mapping.Children.Keys.First(k => k is YamlScalarNode scalar && scalar.Value == key).Start;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string FirstSentence(YamlException e)
    {
        var message = e.Message;
        var start = message.IndexOf("): ", StringComparison.Ordinal);
        return (start >= 0 ? message[(start + 3)..] : message).TrimEnd('.');
    }

    [GeneratedRegex(@"^\$2[abxy]?\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$")]
    private static partial Regex BcryptHash();

    /// <summary>Builds the one-line messages and checks node shapes for one file.</summary>
    private sealed class FileProblems(string path)
    {
        public WebConfigurationException At(Mark mark, string problem) =>
            new($"{ConfigurationKey} '{path}' line {mark.Line}: {problem}.");

        public YamlMappingNode Mapping(YamlNode node, string what) => node switch
        {
            YamlMappingNode mapping => mapping,
            _ => throw At(node.Start, $"{what} must be a mapping of keys to values (key: value)"),
        };

        public string Scalar(YamlNode node, string key) => node switch
        {
            YamlScalarNode scalar => scalar.Value ?? string.Empty,
            _ => throw At(node.Start, $"{key} must be a single value, not a list or mapping"),
        };

        public bool Boolean(YamlNode node, string key) => Scalar(node, key) switch
        {
            "true" => true,
            "false" => false,
            var other => throw At(node.Start, $"{key} '{other}' is not valid: use true or false"),
        };

        public List<string> Strings(YamlNode node, string key) => node switch
        {
            YamlSequenceNode sequence => sequence.Children.Select(item => Scalar(item, key)).ToList(),
            _ => throw At(node.Start, $"{key} must be a list (- value)"),
        };

        public void OneOf(Mark mark, string fileKey, string? file, string inlineKey, string? inline, string what)
        {
            if (file is null && string.IsNullOrEmpty(inline))
            {
                throw At(mark, $"tls_server_config has no {fileKey}: set it to the file with {what}");
            }

            if (file is not null && !string.IsNullOrEmpty(inline))
            {
                throw At(mark, $"tls_server_config sets both {fileKey} and {inlineKey}: keep one of them");
            }
        }

        public void RefuseUnknown(YamlMappingNode mapping, string? section, string[] known)
        {
            foreach (var keyNode in mapping.Children.Keys)
            {
                var key = Scalar(keyNode, section ?? "a top-level key");
                var name = section is null ? key : $"{section}.{key}";
                if (UnsupportedKeys.Contains(key, StringComparer.Ordinal))
                {
                    throw At(keyNode.Start, $"{name} is not supported by this exporter: remove it");
                }

                if (!known.Contains(key, StringComparer.Ordinal))
                {
                    var where = section is null ? "at the top level" : $"in {section}";
                    throw At(keyNode.Start, $"'{key}' is not a web configuration key {where}: use {string.Join(", ", known)}");
                }
            }
        }
    }
}
