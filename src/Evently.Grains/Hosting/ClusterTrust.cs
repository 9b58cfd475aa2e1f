using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Evently.Grains.Options;
using Evently.Persistence.Embedded;
using Orleans.Connections.Security;

namespace Evently.Grains.Hosting;

/// <summary>
/// This node's certificate and the CA certificates it trusts, loaded from one PKCS#12 file: the certificate with a
/// private key is this node's, the others are the cluster's CA (self-signed ones are roots, the rest intermediates). A
/// file holding only a self-signed node certificate trusts exactly that certificate.
/// </summary>
public sealed class ClusterTrust
{
    private readonly X509Certificate2Collection _roots = [];
    private readonly X509Certificate2Collection _intermediates = [];

    private ClusterTrust(X509Certificate2Collection certificates, string path)
    {
        Certificate = certificates.FirstOrDefault(c => c.HasPrivateKey && !IsAuthority(c))
            ?? certificates.FirstOrDefault(c => c.HasPrivateKey)
            ?? throw new InvalidOperationException($"{path} holds no certificate with a private key: it cannot be this node's.");
        foreach (var certificate in certificates.Where(c => !ReferenceEquals(c, Certificate)))
        {
            (IsSelfSigned(certificate) ? _roots : _intermediates).Add(certificate);
        }

        if (_roots.Count == 0)
        {
            _roots.Add(Certificate);
        }
    }

    /// <summary>This node's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// The configured certificate (<see cref="ClusterTlsOptions.CertificatePath"/>), or the data folder's, made on first
    /// start: <see cref="ClusterCertificates.FileName"/> beside the embedded database's folder.
    /// </summary>
    public static ClusterTrust Load(ClusterTlsOptions tls, EmbeddedPostgresOptions embedded)
    {
        var path = tls.CertificatePath;
        if (string.IsNullOrWhiteSpace(path))
        {
            path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(embedded.DataDirectory))!, ClusterCertificates.FileName);
            ClusterCertificates.CreateIfMissing(path, tls.CertificatePassword);
        }

        try
        {
            return new ClusterTrust(X509CertificateLoader.LoadPkcs12CollectionFromFile(path, tls.CertificatePassword), path);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new InvalidOperationException($"Cannot read the cluster certificate {path} (wrong {ClusterTlsOptions.Section}:CertificatePassword?): {ex.Message}", ex);
        }
    }

    /// <summary>True when <paramref name="remote"/> chains to one of the cluster's roots, and to nothing else.</summary>
    public bool Trusts(X509Certificate2 remote)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.ExtraStore.AddRange(_intermediates);
        // The CA is private: there is no revocation list to ask and nothing to download.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain.Build(remote);
    }

    /// <summary>Mutual TLS: show this node's certificate, demand one from the other side, accept only the cluster's.</summary>
    public void Configure(TlsOptions options)
    {
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        // The system's trust store and host names play no part: membership is the cluster CA's signature alone.
        options.RemoteCertificateValidation = (certificate, _, _) => Trusts(certificate);
        options.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
        options.OnAuthenticateAsClient = (_, ssl) => ssl.TargetHost = Certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false) is { Length: > 0 } name ? name : ClusterCertificates.NodeName;
    }

    private static bool IsAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(e => e.CertificateAuthority);

    private static bool IsSelfSigned(X509Certificate2 certificate) => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);
}
