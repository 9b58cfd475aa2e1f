using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Evently.Api.Http;

/// <summary>
/// Response schemas as precise as the wire: answers leave out a member that has no value (never <c>null</c>, see the
/// JSON options), so a member whose type cannot be null is always there and required, one whose type can is optional,
/// and none is nullable. Each of Evently's object schemas is shaped so as it is built; the generator may wrap a member
/// of an object type in a nullable <c>oneOf</c> after that, so the finished document is shaped once more. Types a request
/// body uses, directly or through members, are left as they are: their members are nullable so that a missing one
/// becomes a field error (see <see cref="OpenApiSetup"/>).
/// </summary>
internal sealed class ResponseSchemas
{
    private const string NullableMember = "x-is-nullable-property";

    // Schema id → the members always sent; the same for every document built, so shared between them.
    private readonly ConcurrentDictionary<string, string[]> _alwaysSent = new(StringComparer.Ordinal);
    private HashSet<Type>? _requestTypes;

    /// <summary>Shapes one of Evently's object schemas that no request body uses, and notes it for <see cref="Apply"/>.</summary>
    public void Shape(OpenApiSchema schema, OpenApiSchemaTransformerContext context, Func<JsonTypeInfo, string?> schemaId)
    {
        var info = context.JsonTypeInfo;
        if (schema.Properties is null || info.Kind != JsonTypeInfoKind.Object
            || info.Type.Namespace?.StartsWith("Evently.", StringComparison.Ordinal) != true
            || RequestTypes(context.ApplicationServices).Contains(info.Type))
        {
            return;
        }

        var always = info.Properties.Where(p => !p.IsGetNullable).Select(p => p.Name).ToArray();
        Shape(schema, always);
        if (schemaId(info) is { } id)
        {
            _alwaysSent[id] = always;
        }
    }

    /// <summary>Shapes the finished document's schemas noted by <see cref="Shape(OpenApiSchema, OpenApiSchemaTransformerContext, Func{JsonTypeInfo, string})"/>.</summary>
    public void Apply(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { } schemas)
        {
            return;
        }

        foreach (var (id, always) in _alwaysSent)
        {
            if (schemas.TryGetValue(id, out var found) && found is OpenApiSchema { Properties: not null } schema)
            {
                Shape(schema, always);
            }
        }
    }

    private static void Shape(OpenApiSchema schema, string[] always)
    {
        var properties = schema.Properties!;
        schema.Required = always.Where(properties.ContainsKey).ToHashSet(StringComparer.Ordinal);
        foreach (var name in properties.Keys.ToList())
        {
            properties[name] = NotNull(properties[name]);
        }
    }

    /// <summary>The member's schema without its null: a null type dropped, or a null alternative's other alternative.</summary>
    private static IOpenApiSchema NotNull(IOpenApiSchema member)
    {
        if (member is not OpenApiSchema schema)
        {
            return member;
        }

        schema.Metadata?.Remove(NullableMember);
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null) && type != JsonSchemaType.Null)
        {
            schema.Type = type & ~JsonSchemaType.Null;
        }

        foreach (var alternatives in new[] { schema.OneOf, schema.AnyOf, schema.AllOf })
        {
            for (var i = (alternatives?.Count ?? 0) - 1; i >= 0; i--)
            {
                if (alternatives![i] is OpenApiSchema { Type: JsonSchemaType.Null })
                {
                    alternatives.RemoveAt(i);
                }
            }
        }

        // A nullable member of an object type is oneOf [null, $ref]: what is left is the reference, with the member's description.
        if (schema.OneOf is [OpenApiSchemaReference only] && schema.Type is null && schema.Properties is not { Count: > 0 })
        {
            if (schema.Description is { } description)
            {
                only.Description = description;
            }

            return only;
        }

        return schema;
    }

    /// <summary>Evently's types a request body uses: the bodies' types and, through their members, every type they hold.</summary>
    private HashSet<Type> RequestTypes(IServiceProvider services)
    {
        if (_requestTypes is { } known)
        {
            return known;
        }

        var found = new HashSet<Type>();
        var pending = new Stack<Type>(services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items).SelectMany(d => d.ParameterDescriptions)
            .Where(p => p.Source == BindingSource.Body && p.Type is not null).Select(p => p.Type));
        while (pending.TryPop(out var type))
        {
            var inner = Nullable.GetUnderlyingType(type) ?? type;
            foreach (var argument in inner.IsGenericType ? inner.GetGenericArguments() : [])
            {
                pending.Push(argument);
            }

            if (inner.GetElementType() is { } element)
            {
                pending.Push(element);
            }

            if (inner.Namespace?.StartsWith("Evently.", StringComparison.Ordinal) == true && found.Add(inner))
            {
                foreach (var property in inner.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
                {
                    pending.Push(property.PropertyType);
                }
            }
        }

        return _requestTypes = found;
    }
}
