namespace Evently.Contracts.Seating;

/// <summary>A seating plan on the wire (API 1.2): sections of rows, and optional price categories.</summary>
[GenerateSerializer, Immutable]
public sealed record SeatingPlanTerms(
    [property: Id(0)] IReadOnlyList<SectionTerms>? Sections,
    [property: Id(1)] IReadOnlyList<CategoryTerms>? Categories = null);

/// <summary>One section: its name and its rows, best first.</summary>
[GenerateSerializer, Immutable]
public sealed record SectionTerms([property: Id(0)] string? Name, [property: Id(1)] IReadOnlyList<RowTerms>? Rows);

/// <summary>One row: its label, its seat count and, with categories, the category of each seat.</summary>
[GenerateSerializer, Immutable]
public sealed record RowTerms([property: Id(0)] string? Label, [property: Id(1)] int Seats, [property: Id(2)] IReadOnlyList<string>? Categories = null);

/// <summary>A price category.</summary>
[GenerateSerializer, Immutable]
public sealed record CategoryTerms([property: Id(0)] string? Name, [property: Id(1)] decimal Price);
