using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CatalogSync.Declarations;
using CatalogSync.Declarations.Diagnostics;

namespace CatalogSync.Manifests;

/// <summary>
/// Reads a YAML sync manifest (docs/manifest.md) into a <see cref="ManifestDocument"/> with every mistake as a CSYNC
/// finding at its YAML line and column. Hostile input costs bounded time and memory (<see cref="ManifestLimits"/>):
/// binary content, an empty file, a file beyond the size limit, nesting beyond the depth limit, anchors and aliases
/// are each refused with one finding, before or while the event stream is read, never after reading it all.
/// </summary>
/// <remarks>
/// Only the format is checked here, with the rules that need nothing but the manifest: the synchronization ID rules
/// (<see cref="SyncIdRules"/>, CSYNC009), the batch limits (<see cref="BatchLimits"/>, CSYNC018), the missing policy's
/// status (CSYNC003, CSYNC004, CSYNC005, CSYNC007), the deletion guard's range (CSYNC027), the relation type id
/// (CSYNC014), with the words the generator uses for the same mistakes in attributes. Binding entries to C# types and
/// the metamodel checks come after, on the document.
/// </remarks>
#if CATALOGSYNC_GENERATOR
internal
#else
public
#endif
static class ManifestReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

#if !CATALOGSYNC_GENERATOR
    /// <summary>
    /// Reads the manifest at <paramref name="path"/>: a file beyond <see cref="ManifestLimits.MaxBytes"/> is refused
    /// from its size alone (CSYNC058), without being read; otherwise as <see cref="Read(string, byte[])"/>.
    /// </summary>
    /// <param name="path">The file; also the path findings print.</param>
    /// <exception cref="System.IO.IOException">The file cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static ManifestReadResult ReadFile(string path)
    {
        var length = new System.IO.FileInfo(path).Length;
        if (length > ManifestLimits.MaxBytes)
        {
            return TooLarge(path, length);
        }

        using var stream = new System.IO.FileStream(path, System.IO.FileMode.Open, System.IO.FileAccess.Read, System.IO.FileShare.ReadWrite);
        var buffer = new byte[ManifestLimits.MaxBytes + 1];
        var read = 0;
        int count;
        while (read < buffer.Length && (count = stream.Read(buffer, read, buffer.Length - read)) > 0)
        {
            read += count;
        }

        if (read > ManifestLimits.MaxBytes)
        {
            // It grew after its size was read: still refused, without reading the rest.
            return TooLarge(path, Math.Max(read, stream.Length));
        }

        var content = new byte[read];
        Array.Copy(buffer, content, read);
        return Read(path, content);
    }
#endif

    /// <summary>
    /// Reads a manifest from its bytes: more than <see cref="ManifestLimits.MaxBytes"/> (CSYNC058), a NUL byte, a UTF-16
    /// byte order mark or bytes that are not UTF-8 (CSYNC057) are refused before anything is parsed; a UTF-8 byte order
    /// mark is skipped.
    /// </summary>
    /// <param name="path">The path findings print.</param>
    /// <param name="content">The file's bytes.</param>
    public static ManifestReadResult Read(string path, byte[] content)
    {
        if (content.Length > ManifestLimits.MaxBytes)
        {
            return TooLarge(path, content.Length);
        }

        if ((content.Length >= 2 && content[0] == 0xFF && content[1] == 0xFE) || (content.Length >= 2 && content[0] == 0xFE && content[1] == 0xFF))
        {
            return NotText(path, 1, 1, "it starts with a UTF-16 byte order mark; save it as UTF-8");
        }

        var nul = Array.IndexOf(content, (byte)0);
        if (nul >= 0)
        {
            var (line, column) = Position(content, nul);
            return NotText(path, line, column, "it has a NUL byte at offset " + Number(nul) + " (line " + Number(line) + ", column " + Number(column) + ")");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException exception)
        {
            var offset = Math.Max(0, exception.Index);
            var bad = exception.BytesUnknown is { Length: > 0 } unknown ? unknown[0] : content[Math.Min(offset, content.Length - 1)];
            var (line, column) = Position(content, offset);
            return NotText(path, line, column, "it is not valid UTF-8 (byte 0x" + bad.ToString("X2", CultureInfo.InvariantCulture) + " at offset " + Number(offset) + ", line " + Number(line) + ")");
        }

        return Read(path, text);
    }

    /// <summary>
    /// Reads a manifest from its text (as the generator gets an additional file): text beyond the size limit
    /// (CSYNC058), with a NUL, a control character, a lone surrogate or U+FFFD (what a decoder puts for bytes that are
    /// not UTF-8) (CSYNC057), or with nothing but blanks and comments (CSYNC056) is refused before it is parsed.
    /// </summary>
    /// <param name="path">The path findings print.</param>
    /// <param name="text">The manifest's text.</param>
    public static ManifestReadResult Read(string path, string text)
    {
        if (text.Length > ManifestLimits.MaxBytes)
        {
            return TooLarge(path, text.Length, "characters");
        }

        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > ManifestLimits.MaxBytes)
        {
            return TooLarge(path, bytes);
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        if (FirstNonText(text) is { } bad)
        {
            return NotText(path, bad.Line, bad.Column, bad.What + " at line " + Number(bad.Line) + ", column " + Number(bad.Column));
        }

        var findings = new List<Finding>();
        var root = YamlTree.Build(path, text, findings);
        if (findings.Count > 0)
        {
            return new ManifestReadResult(null, findings);
        }

        if (root is null || root.IsNull)
        {
            return new ManifestReadResult(null, [new Finding(DiagnosticCatalog.ManifestEmpty, new FileSpan(path, 1, 1, 1, 1), DiagnosticRuleSeverity.Error)]);
        }

        if (root.Kind != YamlTreeKind.Mapping)
        {
            return new ManifestReadResult(null, [new Finding(DiagnosticCatalog.ManifestWrongValue, root.Span, DiagnosticRuleSeverity.Error,
                "The manifest", "a mapping of keys (version, name, types, …)", ManifestModelReader.Describe(root))]);
        }

        var document = new ManifestModelReader(path, findings).ReadDocument(root);
        var ordered = findings
            .Select((finding, index) => (finding, index))
            .OrderBy(f => f.finding.Location?.StartLine ?? 0)
            .ThenBy(f => f.finding.Location?.StartColumn ?? 0)
            .ThenBy(f => f.index)
            .Select(f => f.finding)
            .ToList();
        return new ManifestReadResult(document, ordered);
    }

    private static ManifestReadResult TooLarge(string path, long size, string unit = "bytes") =>
        new(null, [new Finding(DiagnosticCatalog.ManifestTooLarge, new FileSpan(path, 1, 1, 1, 1), DiagnosticRuleSeverity.Error,
            "it has " + size.ToString(CultureInfo.InvariantCulture) + " " + unit, Number(ManifestLimits.MaxBytes) + " bytes, 1 MiB")]);

    private static ManifestReadResult NotText(string path, int line, int column, string what) =>
        new(null, [new Finding(DiagnosticCatalog.ManifestNotText, new FileSpan(path, line, column, line, column + 1), DiagnosticRuleSeverity.Error, what)]);

    /// <summary>The first character YAML does not allow in a stream (c-printable, YAML 1.2 §5.1) or that stands for broken UTF-8.</summary>
    private static (int Line, int Column, string What)? FirstNonText(string text)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? what = null;
            if (c == '\0')
            {
                what = "it has a NUL character";
            }
            else if ((c < ' ' && c is not ('\t' or '\n' or '\r')) || c == '\u007F' || (c >= '\u0080' && c <= '\u009F' && c != '\u0085'))
            {
                what = "it has the control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
            }
            else if (char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])))
            {
                what = "it has a lone UTF-16 surrogate";
            }
            else if (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1])))
            {
                what = "it has a lone UTF-16 surrogate";
            }
            else if (c == '\uFFFD')
            {
                what = "it has U+FFFD, the character a decoder puts for bytes that are not UTF-8,";
            }
            else if (c is '\uFFFE' or '\uFFFF')
            {
                what = "it has the noncharacter U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
            }

            if (what is not null)
            {
                return (line, column, what);
            }

            if (c == '\n')
            {
                line++;
                column = 1;
            }
            else if (!char.IsLowSurrogate(c))
            {
                column++;
            }
        }

        return null;
    }

    /// <summary>The 1-based line and column (in characters, roughly: UTF-8 continuation bytes are not counted) of a byte offset.</summary>
    private static (int Line, int Column) Position(byte[] content, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < content.Length; i++)
        {
            if (content[i] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((content[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return (line, column);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
