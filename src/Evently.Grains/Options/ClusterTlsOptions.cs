using Evently.Persistence.Options;

namespace Evently.Grains.Options;

/// <summary>
/// The certificate silos and front ends prove their membership with (section <c>Evently:Cluster:Tls</c>). Every Orleans
/// connection, silo to silo and front end to silo, is TLS with a certificate on both sides, and a side accepts only
/// certificates issued by the cluster's own CA (see docs/security.md).
/// </summary>
public sealed class ClusterTlsOptions : IEventlyOptions
{
    /// <inheritdoc />
    public static string Section => "Evently:Cluster:Tls";

    /// <summary>
    /// A PKCS#12 (.pfx) file holding this node's certificate with its private key and the cluster CA's certificate.
    /// Unset: <c>cluster.pfx</c> in the data folder (beside the embedded database's), made at first start.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>; unset when the file has none.</summary>
    public string? CertificatePassword { get; set; }

    /// <inheritdoc />
    public IEnumerable<string> Problems()
    {
        if (CertificatePath is { } path && (string.IsNullOrWhiteSpace(path) || !File.Exists(path)))
        {
            yield return $"{Section}:CertificatePath '{path}' does not exist (make one with `dotnet Evently.Silo.dll cluster-certificate PATH`, see docs/operations.md).";
        }
    }
}
