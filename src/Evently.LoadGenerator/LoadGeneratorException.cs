namespace Evently.LoadGenerator;

/// <summary>A run could not be set up or carried out (bad options, API or database unreachable…).</summary>
public sealed class LoadGeneratorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LoadGeneratorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public LoadGeneratorException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public LoadGeneratorException()
    {
    }
}
