using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Threading;
using CatalogSync.Declarations.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CatalogSync.Generators;

// Why the per-type parse can be skipped on a new compilation, soundly.
//
// Roslyn re-runs every ForAttributeWithMetadataName transform on each new compilation, because a transform may bind
// anything in it. The parse of a [SyncAsset] type (or a [SyncPlan] class) is a function of:
//   1. the text of the trees that declare the type (every partial part) and its source base types: the members, their
//      attributes and every location the model holds (members, attribute arguments, literals) are in those trees;
//   2. what names bind to everywhere else: attribute classes, member types and their interfaces, enum members and
//      their values, constants used as attribute arguments, relation and plan target types, accessibility — all
//      decided by the declaration-level text of every tree (everything but the statements inside method, constructor,
//      operator and accessor bodies; directives anywhere, since #nullable and #if flow out of a body), the tree order
//      (member order of partial types), the parse options, the compilation options and the metadata references;
//   3. the positions of enum members (their locations are in the model), wherever the enum is declared.
// Part 2 and 3 are one key for the compilation (DeclarationKey), built per tree and cached per tree, so an edit costs
// one tree's walk; part 1 is the type's own key (ParseTarget). The parse re-runs when either differs; an edit inside
// a method body of a file that declares none of the type's parts or bases leaves both equal, and the parse is skipped.
// Method bodies cannot change what a declaration binds to: they declare no type or member visible outside them.

/// <summary>The declaration-level content of one syntax tree, as a digest, with its path and parse options.</summary>
internal sealed record TreeDeclarations(string Path, ParseOptions Options, string Digest)
{
    public static TreeDeclarations From(SyntaxTree tree, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new DigestWriter(hash);
        var root = tree.GetRoot(cancellationToken);

        // Every token outside method-like bodies, with its kind and exact text; a body only as a marker.
        var stack = new Stack<SyntaxNodeOrToken>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = stack.Pop();
            if (current.IsToken)
            {
                var token = current.AsToken();
                buffer.Write(token.RawKind);
                buffer.Write(token.Text);
                continue;
            }

            var node = current.AsNode()!;
            if (IsBody(node))
            {
                buffer.Write(-1);
                buffer.Write(node.RawKind);
                continue;
            }

            if (node is EnumMemberDeclarationSyntax member)
            {
                // Enum members' locations are held by the models (the list-value check points at them).
                var span = member.Identifier.GetLocation().GetLineSpan().Span;
                buffer.Write(-2);
                buffer.Write(member.Identifier.SpanStart);
                buffer.Write(span.Start.Line);
                buffer.Write(span.Start.Character);
                buffer.Write(span.End.Line);
                buffer.Write(span.End.Character);
            }

            var children = node.ChildNodesAndTokens();
            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }

        // Directives anywhere, bodies included: #nullable, #if and #define flow out of the body they are written in.
        if (root.ContainsDirectives && root is CompilationUnitSyntax unit)
        {
            for (var directive = unit.GetFirstDirective(); directive is not null; directive = directive.GetNextDirective())
            {
                buffer.Write(-3);
                buffer.Write(directive.ToString());
            }
        }

        buffer.Flush();
        return new TreeDeclarations(tree.FilePath, tree.Options, Convert.ToBase64String(hash.GetHashAndReset()));
    }

    /// <summary>Statements no declaration outside them can bind to.</summary>
    private static bool IsBody(SyntaxNode node) =>
        node.Parent switch
        {
            BaseMethodDeclarationSyntax method => node == method.Body || node == method.ExpressionBody,
            AccessorDeclarationSyntax accessor => node == accessor.Body || node == accessor.ExpressionBody,
            _ => false,
        };

    private sealed class DigestWriter(IncrementalHash hash)
    {
        private readonly byte[] _buffer = new byte[4096];
        private int _length;

        public void Write(int value)
        {
            Ensure(4);
            _buffer[_length++] = (byte)value;
            _buffer[_length++] = (byte)(value >> 8);
            _buffer[_length++] = (byte)(value >> 16);
            _buffer[_length++] = (byte)(value >> 24);
        }

        public void Write(string text)
        {
            Write(text.Length);
            foreach (var c in text)
            {
                Ensure(2);
                _buffer[_length++] = (byte)c;
                _buffer[_length++] = (byte)(c >> 8);
            }
        }

        public void Flush()
        {
            hash.AppendData(_buffer, 0, _length);
            _length = 0;
        }

        private void Ensure(int bytes)
        {
            if (_length + bytes > _buffer.Length)
            {
                Flush();
            }
        }
    }
}

/// <summary>What a compilation binds names with, besides its trees: options, assembly name and references (by identity).</summary>
internal sealed class CompilationShape(Compilation compilation) : IEquatable<CompilationShape>
{
    private readonly CompilationOptions _options = compilation.Options;
    private readonly string? _assemblyName = compilation.AssemblyName;
    private readonly ImmutableArray<MetadataReference> _references = compilation.References is ImmutableArray<MetadataReference> array ? array : ImmutableArray.CreateRange(compilation.References);

    public bool Equals(CompilationShape? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (!_options.Equals(other._options) || !string.Equals(_assemblyName, other._assemblyName, StringComparison.Ordinal) || _references.Length != other._references.Length)
        {
            return false;
        }

        for (var i = 0; i < _references.Length; i++)
        {
            if (!ReferenceEquals(_references[i], other._references[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as CompilationShape);

    public override int GetHashCode() => _references.Length;
}

/// <summary>Everything outside a type's own trees that its parse can depend on (see the comment at the top of the file).</summary>
internal sealed record DeclarationKey(EquatableArray<TreeDeclarations> Trees, CompilationShape Shape);

/// <summary>
/// A [SyncAsset] or [SyncPlan] declaration found on a compilation, keyed by the trees its parse reads locations from.
/// The symbol and attribute are held weakly: a target kept from an earlier run (its key being equal) must not pin that
/// run's compilation, and such a target is never parsed (only a target of the current run is, see <see cref="Comparer"/>).
/// </summary>
internal sealed class ParseTarget
{
    private readonly WeakReference<INamedTypeSymbol> _symbol;
    private readonly WeakReference<AttributeData> _attribute;
    private readonly ImmutableArray<SyntaxTree> _trees;

    private ParseTarget(GeneratorAttributeSyntaxContext context, ImmutableArray<SyntaxTree> trees)
    {
        Node = context.TargetNode;
        _symbol = new WeakReference<INamedTypeSymbol>((INamedTypeSymbol)context.TargetSymbol);
        _attribute = new WeakReference<AttributeData>(context.Attributes[0]);
        _trees = trees;
    }

    /// <summary>The annotated declaration (of the current tree: a target whose tree changed is not equal).</summary>
    public SyntaxNode Node { get; }

    /// <summary>The type's trees (its parts') and those of its source base types, in order.</summary>
    public static ParseTarget Create(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        // The common case without binding anything: one declaration (not partial) with no base list, so the base type
        // is System.Object (or System.ValueType for a struct), from metadata, and the node's tree is the only one.
        if (context.TargetNode is TypeDeclarationSyntax { BaseList: null } declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return new ParseTarget(context, ImmutableArray.Create(context.TargetNode.SyntaxTree));
        }

        var trees = ImmutableArray.CreateBuilder<SyntaxTree>();
        trees.Add(context.TargetNode.SyntaxTree);
        for (var type = (INamedTypeSymbol?)context.TargetSymbol; type is not null; type = type.BaseType)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var references = type.DeclaringSyntaxReferences;
            if (references.IsEmpty)
            {
                break; // from metadata: the references are part of the declaration key
            }

            foreach (var reference in references)
            {
                trees.Add(reference.SyntaxTree);
            }
        }

        return new ParseTarget(context, trees.ToImmutable());
    }

    public INamedTypeSymbol Symbol => _symbol.TryGetTarget(out var symbol) ? symbol : throw Collected();

    public AttributeData Attribute => _attribute.TryGetTarget(out var attribute) ? attribute : throw Collected();

    private static InvalidOperationException Collected() =>
        new("A parse target outlived its compilation: only a target of the current run may be parsed.");

    private bool SameKey(ParseTarget other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (Node.Span != other.Node.Span || _trees.Length != other._trees.Length)
        {
            return false;
        }

        for (var i = 0; i < _trees.Length; i++)
        {
            if (!ReferenceEquals(_trees[i], other._trees[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Equal when the target's trees are the same trees and the declaration key is equal: then the parse would read
    /// the same text and bind the same names, and its cached model is kept. (The targets themselves compare by
    /// reference, so that the targets table always holds the current run's.)
    /// </summary>
    public sealed class Comparer : IEqualityComparer<(ParseTarget Target, DeclarationKey Key)>
    {
        public static Comparer Instance { get; } = new();

        public bool Equals((ParseTarget Target, DeclarationKey Key) x, (ParseTarget Target, DeclarationKey Key) y) =>
            x.Target.SameKey(y.Target) && x.Key.Equals(y.Key);

        public int GetHashCode((ParseTarget Target, DeclarationKey Key) obj) => obj.Target.Node.Span.GetHashCode();
    }
}
