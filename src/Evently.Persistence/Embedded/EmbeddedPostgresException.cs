namespace Evently.Persistence.Embedded;

/// <summary>
/// The embedded PostgreSQL cannot be started for a reason the operator must fix (its folder is out of the server user's
/// reach, or a server left by an earlier run will not stop). The front end prints the message as one line and exits non-zero.
/// </summary>
public sealed class EmbeddedPostgresException : InvalidOperationException
{
    public EmbeddedPostgresException(string message)
        : base(message)
    {
    }

    public EmbeddedPostgresException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EmbeddedPostgresException()
    {
    }
}
