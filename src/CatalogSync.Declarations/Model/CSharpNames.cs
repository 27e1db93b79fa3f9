using System.Collections.Generic;
using System.Globalization;

namespace CatalogSync.Declarations.Model;

/// <summary>C# identifiers without Roslyn: what the rules need to name generated parameters and suggest enum members.</summary>
internal static class CSharpNames
{
    // The reserved keywords (an identifier needs '@'), and 'await', which is reserved inside the async methods the
    // generator emits.
    private static readonly HashSet<string> Reserved = new(System.StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while", "__arglist", "__makeref", "__reftype", "__refvalue", "await",
    };

    /// <summary>The name as an identifier: with '@' when it is a keyword.</summary>
    public static string EscapeIdentifier(string name) => Reserved.Contains(name) ? "@" + name : name;

    /// <summary>Whether the text is a C# identifier as written without '@' (letters, digits, connectors; no keyword check).</summary>
    public static bool IsValidIdentifier(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return false;
        }

        for (var i = 0; i < name!.Length; i++)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(name[i]);
            var letter = category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber || name[i] == '_';
            var part = letter || category is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.Format;
            if (i == 0 ? !letter : !part)
            {
                return false;
            }
        }

        return true;
    }
}
