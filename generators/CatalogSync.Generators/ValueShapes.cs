using System.Linq;
using CatalogSync.Declarations.Model;
using Microsoft.CodeAnalysis;

namespace CatalogSync.Generators;

/// <summary>Classifies member types into the value shapes the mappers can write.</summary>
internal static class ValueShapes
{
    public static ValueShape? Get(ITypeSymbol type, bool allowSequence)
    {
        if (TryScalar(type, out var kind, out var enumType, out var nullable))
        {
            return new ValueShape(kind, enumType, IsSequence: false, ContainerNullable: nullable, ElementNullable: nullable);
        }

        if (!allowSequence || ElementType(type) is not { } element || !TryScalar(element, out kind, out enumType, out var elementNullable))
        {
            return null;
        }

        return new ValueShape(kind, enumType, IsSequence: true, ContainerNullable: type.IsReferenceType || IsNullableValue(type, out _), ElementNullable: elementNullable);
    }

    /// <summary>The enum type of a scalar, nullable or sequence member of enums.</summary>
    public static INamedTypeSymbol? EnumType(ITypeSymbol type)
    {
        var scalar = ElementType(type) ?? type;
        if (IsNullableValue(scalar, out var inner))
        {
            scalar = inner;
        }

        return scalar.TypeKind == TypeKind.Enum ? scalar as INamedTypeSymbol : null;
    }

    private static bool IsNullableValue(ITypeSymbol type, out ITypeSymbol inner)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } named)
        {
            inner = named.TypeArguments[0];
            return true;
        }

        inner = type;
        return false;
    }

    private static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type.SpecialType == SpecialType.System_String)
        {
            return null;
        }

        if (IsNullableValue(type, out var inner))
        {
            type = inner;
        }

        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return array.ElementType;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T } enumerable)
        {
            return enumerable.TypeArguments[0];
        }

        var candidates = type.AllInterfaces.Where(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T).ToList();
        return candidates.Count == 1 ? candidates[0].TypeArguments[0] : null;
    }

    private static bool TryScalar(ITypeSymbol type, out ValueKind kind, out string? enumType, out bool nullable)
    {
        enumType = null;
        nullable = IsNullableValue(type, out var inner) || type.IsReferenceType;
        kind = inner.SpecialType switch
        {
            SpecialType.System_String => ValueKind.String,
            SpecialType.System_Boolean => ValueKind.Boolean,
            SpecialType.System_SByte => ValueKind.SByte,
            SpecialType.System_Byte => ValueKind.Byte,
            SpecialType.System_Int16 => ValueKind.Int16,
            SpecialType.System_UInt16 => ValueKind.UInt16,
            SpecialType.System_Int32 => ValueKind.Int32,
            SpecialType.System_UInt32 => ValueKind.UInt32,
            SpecialType.System_Int64 => ValueKind.Int64,
            SpecialType.System_UInt64 => ValueKind.UInt64,
            SpecialType.System_Single => ValueKind.Single,
            SpecialType.System_Double => ValueKind.Double,
            SpecialType.System_Decimal => ValueKind.Decimal,
            SpecialType.System_DateTime => ValueKind.DateTime,
            _ => (ValueKind)(-1),
        };
        if ((int)kind >= 0)
        {
            return true;
        }

        if (inner.TypeKind == TypeKind.Enum)
        {
            kind = ValueKind.Enum;
            enumType = inner.ToDisplayString(SymbolHelpers.FullyQualified);
            return true;
        }

        switch (inner.ToDisplayString())
        {
            case "System.DateTimeOffset":
                kind = ValueKind.DateTimeOffset;
                return true;
            case "System.DateOnly":
                kind = ValueKind.DateOnly;
                return true;
            case "System.Guid":
                kind = ValueKind.Guid;
                return true;
            default:
                return false;
        }
    }
}
