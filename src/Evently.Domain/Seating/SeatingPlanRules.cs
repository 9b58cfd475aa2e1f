using Evently.Domain.Text;

namespace Evently.Domain.Seating;

/// <summary>What makes a seating plan valid; errors are keyed by the JSON path of the field at fault.</summary>
public static class SeatingPlanRules
{
    /// <summary>The longest section name or row label.</summary>
    public const int MaxNameLength = 40;

    /// <summary>The most seats in one row.</summary>
    public const int MaxSeatsPerRow = 1_000;

    /// <summary>The errors of <paramref name="plan"/>, field by field; empty when it is valid.</summary>
    public static Dictionary<string, List<string>> Validate(SeatingPlan? plan)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (plan?.Sections is not { Count: > 0 } sections)
        {
            Add("sections", "At least one section is required.");
            return errors;
        }

        var categories = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < (plan.Categories?.Count ?? 0); c++)
        {
            var category = plan.Categories![c];
            if (category is null || string.IsNullOrWhiteSpace(category.Name) || category.Name.Length > MaxNameLength || StoredText.HasControl(category.Name))
            {
                Add($"categories[{c}].name", $"A category name is 1..{MaxNameLength} characters without control characters.");
                continue;
            }

            if (!categories.Add(category.Name))
            {
                Add($"categories[{c}].name", $"Category '{category.Name}' is defined twice.");
            }

            if (category.Price is < 0 or > 100_000 || decimal.Round(category.Price, 2) != category.Price)
            {
                Add($"categories[{c}].price", "A category price is 0..100000 with at most 2 decimals.");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        long seats = 0;
        for (var s = 0; s < sections.Count; s++)
        {
            var section = sections[s];
            if (section is null || !IsName(section.Name))
            {
                Add($"sections[{s}].name", $"A section name is 1..{MaxNameLength} characters without '-' or spaces.");
                continue;
            }

            if (!names.Add(section.Name))
            {
                Add($"sections[{s}].name", $"Section '{section.Name}' appears twice.");
            }

            if (section.Rows is not { Count: > 0 } rows)
            {
                Add($"sections[{s}].rows", "A section has at least one row.");
                continue;
            }

            var labels = new HashSet<string>(StringComparer.Ordinal);
            for (var r = 0; r < rows.Count; r++)
            {
                var row = rows[r];
                var at = $"sections[{s}].rows[{r}]";
                if (row is null || !IsName(row.Label))
                {
                    Add($"{at}.label", $"A row label is 1..{MaxNameLength} characters without '-' or spaces.");
                    continue;
                }

                if (!labels.Add(row.Label))
                {
                    Add($"{at}.label", $"Row '{row.Label}' appears twice in section '{section.Name}'.");
                }

                if (row.Seats is < 1 or > MaxSeatsPerRow)
                {
                    Add($"{at}.seats", $"A row has 1..{MaxSeatsPerRow} seats.");
                    continue;
                }

                seats += row.Seats;
                if (row.Categories is null)
                {
                    continue;
                }

                if (categories.Count == 0)
                {
                    Add($"{at}.categories", "Seat categories need the plan's categories.");
                }
                else if (row.Categories.Count != row.Seats)
                {
                    Add($"{at}.categories", "A row names one category per seat.");
                }
                else if (row.Categories.Any(c => c is null || !categories.Contains(c)))
                {
                    var unknown = row.Categories.First(c => c is null || !categories.Contains(c));
                    Add($"{at}.categories", $"Unknown category '{unknown}'.");
                }
            }
        }

        if (seats > SeatingPlan.MaxSeats)
        {
            Add("sections", $"A plan has at most {SeatingPlan.MaxSeats} seats.");
        }

        return errors;
    }

    private static bool IsName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && !name.Any(c => c == '-' || char.IsWhiteSpace(c)) && !StoredText.HasControl(name);
}
