namespace Evently.Persistence.Options;

/// <summary>
/// A settings class bound from one configuration section. It names its section and says what is wrong with its
/// values, so the same check runs whether the host validates it at start (<c>ValidateOnStart</c>) or start-up code
/// reads it before any host exists (the databases, the silo's endpoints, the token key).
/// </summary>
public interface IEventlyOptions
{
    /// <summary>The configuration section, e.g. <c>Evently:Booking</c>.</summary>
    static abstract string Section { get; }

    /// <summary>One message per unusable value, naming its key; empty when the settings can be used.</summary>
    IEnumerable<string> Problems();
}
