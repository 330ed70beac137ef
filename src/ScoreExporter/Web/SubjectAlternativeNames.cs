using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ScoreExporter.Web;

/// <summary>
/// A certificate's subject alternative names as text, as client_allowed_sans compares them: DNS names, e-mail
/// addresses, IP addresses and URIs (the four kinds the toolkit matches).
/// </summary>
public static class SubjectAlternativeNames
{
    private const string ExtensionOid = "2.5.29.17";

    private static readonly Asn1Tag Email = new(TagClass.ContextSpecific, 1);
    private static readonly Asn1Tag Dns = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag Uri = new(TagClass.ContextSpecific, 6);
    private static readonly Asn1Tag Ip = new(TagClass.ContextSpecific, 7);

    public static IReadOnlyList<string> Of(X509Certificate2 certificate)
    {
        var names = new List<string>();
        if (certificate.Extensions[ExtensionOid] is not { } extension)
        {
            return names;
        }

        try
        {
            var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag.HasSameClassAndValue(Email) || tag.HasSameClassAndValue(Dns) || tag.HasSameClassAndValue(Uri))
                {
                    names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                }
                else if (tag.HasSameClassAndValue(Ip))
                {
                    names.Add(new IPAddress(sequence.ReadOctetString(tag)).ToString());
                }
                else
                {
                    sequence.ReadEncodedValue();
                }
            }
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException or ArgumentException)
        {
            // A malformed extension names nobody.
            names.Clear();
        }

        return names;
    }
}
