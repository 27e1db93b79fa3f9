using System.Linq;
using System.Threading;
using CatalogSync.Declarations.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CatalogSync.Generators;

internal static class SymbolHelpers
{
    public static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat;

    public static readonly SymbolDisplayFormat Short = SymbolDisplayFormat.MinimallyQualifiedFormat;

    /// <summary>
    /// Whether the attribute's class is <paramref name="fullName"/> (a type of the CatalogSync namespace): compared by
    /// name and namespace, without formatting the symbol's display string, because every attribute of every member of
    /// every annotated type goes through here again on each compilation.
    /// </summary>
    public static bool Is(this AttributeData attribute, string fullName)
    {
        if (attribute.AttributeClass is not { } type)
        {
            return false;
        }

        if (!fullName.StartsWith(Prefix, System.StringComparison.Ordinal) || fullName.IndexOf('.', Prefix.Length) >= 0)
        {
            return type.ToDisplayString() == fullName;
        }

        return fullName.Length == Prefix.Length + type.Name.Length
            && string.CompareOrdinal(fullName, Prefix.Length, type.Name, 0, type.Name.Length) == 0
            && type.ContainingType is null
            && type.ContainingNamespace is { Name: "CatalogSync", ContainingNamespace.IsGlobalNamespace: true };
    }

    private const string Prefix = "CatalogSync.";

    public static AttributeData? Find(this ISymbol symbol, string fullName) =>
        symbol.GetAttributes().FirstOrDefault(a => a.Is(fullName));

    public static TypedConstant? Named(this AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        return null;
    }

    public static string? NamedString(this AttributeData attribute, string name) =>
        attribute.Named(name) is { } value ? value.Value as string : null;

    public static bool HasNamed(this AttributeData attribute, string name) => attribute.Named(name) is not null;

    public static LocationInfo? Location(this AttributeData attribute, CancellationToken cancellationToken) =>
        LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken));

    /// <summary>The location of a named argument, or of the attribute when it is not written out.</summary>
    public static LocationInfo? NamedLocation(this AttributeData attribute, string name, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax)
        {
            foreach (var argument in syntax.ArgumentList?.Arguments ?? default)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name)
                {
                    return LocationInfo.From(argument.Expression);
                }
            }

            return LocationInfo.From(syntax);
        }

        return null;
    }

    /// <summary>The location of the <paramref name="position"/>th positional argument, or of the attribute.</summary>
    public static LocationInfo? PositionalLocation(this AttributeData attribute, int position, CancellationToken cancellationToken)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax syntax)
        {
            var positional = syntax.ArgumentList?.Arguments.Where(a => a.NameEquals is null).ToList();
            if (positional is not null && position < positional.Count)
            {
                return LocationInfo.From(positional[position].Expression);
            }

            return LocationInfo.From(syntax);
        }

        return null;
    }

    /// <summary>Why generated code in the same assembly cannot name <paramref name="type"/>, or null.</summary>
    public static string? InaccessibleReason(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            var prefix = ReferenceEquals(current, type) ? "it is" : "it is nested in '" + current.Name + "', which is";
            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Private:
                    return prefix + " private";
                case Accessibility.Protected:
                case Accessibility.ProtectedAndInternal:
                    return prefix + " protected";
            }

            if (current.IsFileLocal)
            {
                return prefix + " file-local";
            }

            if (current.TypeParameters.Length > 0)
            {
                return prefix + " generic";
            }
        }

        return null;
    }

    public static bool IsEffectivelyPublic(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }

    public static string EscapeIdentifier(string name) => CSharpNames.EscapeIdentifier(name);

    public static string Namespace(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "";
}
