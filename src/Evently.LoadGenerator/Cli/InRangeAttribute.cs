using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Evently.LoadGenerator.Cli;

/// <summary>
/// A numeric option's allowed range, checked while the command line is bound. The message names the option after the
/// property (<c>EventSeatsGiven</c> → <c>--event-seats</c>), so a property carrying this is named after its option.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class InRangeAttribute(double minimum, double maximum) : ParameterValidationAttribute(errorMessage: null!)
{
    public double Minimum { get; } = minimum;

    public double Maximum { get; } = maximum;

    public override ValidationResult Validate(CommandParameterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Value is null)
        {
            return ValidationResult.Success();
        }

        var value = Convert.ToDouble(context.Value, CultureInfo.InvariantCulture);
        return value >= Minimum && value <= Maximum
            ? ValidationResult.Success()
            : ValidationResult.Error(string.Create(CultureInfo.InvariantCulture,
                $"{OptionName(context.Parameter.PropertyName)}: expected {Minimum}..{Maximum}, got {context.Value}"));
    }

    private static string OptionName(string property)
    {
        var name = property.EndsWith("Given", StringComparison.Ordinal) ? property[..^"Given".Length] : property;
        var option = new StringBuilder("-");
        foreach (var c in name)
        {
            option.Append(char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString());
        }

        return option.ToString();
    }
}
