namespace Evently.IntegrationTests.Reliability;

/// <summary>What a body field of the API holds, so the fuzzer can send something close to valid as well as junk.</summary>
public enum FieldKind
{
    Text,
    Email,
    Password,
    Number,
    Money,
    Date,
    Bool,
    PricingPolicy,
    Role,
    NotificationPreferences,
}
