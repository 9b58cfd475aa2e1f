using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Evently.Api.Hosting;

/// <summary>Seals each new key's secret with <see cref="KeyRingSecret"/> before the key reaches the directory database.</summary>
public sealed class KeyRingEncryptor(KeyRingSecret secret) : IXmlEncryptor
{
    /// <inheritdoc />
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) => new(secret.Seal(plaintextElement), typeof(KeyRingDecryptor));
}
