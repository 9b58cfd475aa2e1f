using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;

namespace Evently.Api.Hosting;

/// <summary>
/// The secret the Data Protection key ring is sealed with at rest: an AES-256 key derived (HKDF-SHA256) from the private
/// key of the cluster certificate, which every silo and front end of a cluster already holds (the same file), so every
/// front end can read the keys any other wrote while the directory database alone reveals none of them. The cluster
/// certificate is ECDSA, which XML encryption by certificate cannot use; hence AES-GCM sealing of our own.
/// </summary>
public sealed class KeyRingSecret
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("Evently Data Protection key ring v1");

    private readonly byte[] _key;

    private KeyRingSecret(byte[] key) => _key = key;

    /// <summary>Derives the secret from <paramref name="certificate"/>'s private key.</summary>
    public static KeyRingSecret From(X509Certificate2 certificate)
    {
        var material = certificate.GetECDsaPrivateKey() is { } ec
            ? ec.ExportParameters(includePrivateParameters: true).D!
            : certificate.GetRSAPrivateKey() is { } rsa
                ? rsa.ExportRSAPrivateKey()
                : throw new InvalidOperationException("The cluster certificate's private key is neither ECDSA nor RSA: it cannot protect the Data Protection key ring.");
        try
        {
            return new KeyRingSecret(HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 32, salt: [], info: Purpose));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>Seals <paramref name="plaintext"/>: <c>&lt;sealed nonce="" tag=""&gt;ciphertext&lt;/sealed&gt;</c>, all base64.</summary>
    public XElement Seal(XElement plaintext)
    {
        var data = Encoding.UTF8.GetBytes(plaintext.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var cipher = new byte[data.Length];
        var tag = new byte[TagSize];
        using (var aes = new AesGcm(_key, TagSize))
        {
            aes.Encrypt(nonce, data, cipher, tag, Purpose);
        }

        CryptographicOperations.ZeroMemory(data);
        return new XElement("sealed", new XAttribute("nonce", Convert.ToBase64String(nonce)), new XAttribute("tag", Convert.ToBase64String(tag)), Convert.ToBase64String(cipher));
    }

    /// <summary>Opens what <see cref="Seal"/> made; throws <see cref="CryptographicException"/> when it was sealed with another secret.</summary>
    public XElement Open(XElement sealedElement)
    {
        var nonce = Convert.FromBase64String((string?)sealedElement.Attribute("nonce") ?? string.Empty);
        var tag = Convert.FromBase64String((string?)sealedElement.Attribute("tag") ?? string.Empty);
        var cipher = Convert.FromBase64String(sealedElement.Value);
        var data = new byte[cipher.Length];
        using (var aes = new AesGcm(_key, TagSize))
        {
            aes.Decrypt(nonce, cipher, tag, data, Purpose);
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(data));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }
}
