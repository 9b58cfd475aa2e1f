using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Evently.Api.Hosting;

/// <summary>Opens a key sealed by <see cref="KeyRingEncryptor"/> (Data Protection creates it by type, with the services).</summary>
public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    /// <inheritdoc />
    public XElement Decrypt(XElement encryptedElement) => services.GetRequiredService<KeyRingSecret>().Open(encryptedElement);
}
