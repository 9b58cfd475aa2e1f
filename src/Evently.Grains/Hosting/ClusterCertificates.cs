using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Evently.Persistence.Embedded;

namespace Evently.Grains.Hosting;

/// <summary>
/// Makes and stores the cluster's certificates: a CA of its own and one node certificate it issued, for both ends of a
/// TLS connection. The CA's private key is not kept: once the file is written nobody can issue another certificate the
/// cluster trusts, so copying the file is the only way in (and it is readable by its owner only).
/// </summary>
public static class ClusterCertificates
{
    /// <summary>The file made in the data folder when no certificate is configured.</summary>
    public const string FileName = "cluster.pfx";

    /// <summary>The name in the node certificate (also the TLS target host).</summary>
    public const string NodeName = "evently-cluster-node";

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>
    /// Writes a new cluster certificate file to <paramref name="path"/> (mode 0600) unless one is there; true when it made
    /// one. Several processes starting together end up with the same file: it appears at once, whole, or not at all.
    /// </summary>
    public static bool CreateIfMissing(string path, string? password)
    {
        if (File.Exists(path))
        {
            SecretFile.Restrict(path);
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = SecretFile.OwnerOnly;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(CreatePkcs12(password));
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process of this machine made it first: use theirs.
            File.Delete(temporary);
            return false;
        }
    }

    /// <summary>A PKCS#12 file: a node certificate (with its key) issued by a new CA, and the CA's certificate (without its key).</summary>
    public static byte[] CreatePkcs12(string? password)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN=Evently cluster CA {Guid.NewGuid():N}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));

        using var nodeKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var nodeRequest = new CertificateRequest($"CN={NodeName}", nodeKey, HashAlgorithmName.SHA256);
        nodeRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        nodeRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        nodeRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication), new Oid(ClientAuthentication)], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(NodeName);
        nodeRequest.CertificateExtensions.Add(names.Build());
        nodeRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = nodeRequest.Create(ca, now.AddMinutes(-5), now.AddYears(5), serial);
        using var node = issued.CopyWithPrivateKey(nodeKey);
        using var caCertificate = X509CertificateLoader.LoadCertificate(ca.RawData);
        return new X509Certificate2Collection { node, caCertificate }.Export(X509ContentType.Pkcs12, password)!;
    }
}
