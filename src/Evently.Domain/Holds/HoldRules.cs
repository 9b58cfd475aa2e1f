namespace Evently.Domain.Holds;

/// <summary>How long checkout holds last.</summary>
public static class HoldRules
{
    /// <summary>An event's hold length unless its admin sets one.</summary>
    public const int DefaultMinutes = 10;

    /// <summary>The shortest hold length an event may have.</summary>
    public const int MinMinutes = 1;

    /// <summary>The longest hold length an event may have.</summary>
    public const int MaxMinutes = 60;

    /// <summary>True when <paramref name="minutes"/> is an allowed hold length.</summary>
    public static bool IsValidLength(int minutes) => minutes is >= MinMinutes and <= MaxMinutes;
}
