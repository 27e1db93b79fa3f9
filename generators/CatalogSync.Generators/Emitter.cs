using System.Globalization;
using System.Linq;
using CatalogSync.Declarations.Model;

namespace CatalogSync.Generators;

/// <summary>Writes the generated source. Pure functions of the models: same model, same text.</summary>
internal static class Emitter
{
    private const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCodeAttribute(\"CatalogSync.Generators\", \"" + ThisAssembly.Version + "\")]";
    private const string Json = "global::CatalogSync.Plans.AssetJson";
    private const string Plans = "global::CatalogSync.Plans";

    public static string MapperHintName(MapperModel model) =>
        (model.Type.Namespace.Length == 0 ? "" : model.Type.Namespace + ".") + model.Type.MapperName + ".g.cs";

    public static string PlanHintName(PlanOutput plan) =>
        (plan.Namespace.Length == 0 ? "" : plan.Namespace + ".") + plan.ClassName + ".SyncPlan.g.cs";

    public static string EmitMapper(MapperModel model)
    {
        var type = model.Type;
        var w = Header();
        OpenNamespace(w, type.Namespace);
        w.Line("/// <summary>Writes <see cref=\"" + type.Key + "\"/> objects as Import API v2 resources of asset type " + CodeWriter.XmlEscape(CodeWriter.Literal(type.AssetType)) + ".</summary>");
        w.Line(GeneratedCode);
        w.Open("internal sealed class " + type.MapperName + " : " + Plans + ".AssetMapper<" + type.Key + ">");
        w.Line("private " + type.MapperName + "() : base(" + string.Join(", ", new[] { type.TypeName, type.AssetType, type.Community }.Select(CodeWriter.Literal)) + ", "
            + (type.Domain is null ? "null" : CodeWriter.Literal(type.Domain)) + ", " + CodeWriter.Literal(type.DomainType) + ") { }");
        w.Line();
        w.Line("/// <summary>The mapper.</summary>");
        w.Line("public static " + type.MapperName + " Instance { get; } = new " + type.MapperName + "();");

        if (type.DomainMember is not null)
        {
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Open("public override string GetDomain(" + type.Key + " item)");
            NullCheck(w, type, "item");
            w.Line("var domain = item." + type.DomainMember + ";");
            w.Line("return string.IsNullOrEmpty(domain) ? base.GetDomain(item) : " + Checked("domain", type.DomainMember) + ";");
            w.Close();
        }

        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override string? GetName(" + type.Key + " item) => " + Checked(Item(type) + "." + type.NameMember, type.NameMember!) + ";");

        // What the type declares is written on every send, empty when the source has no value, so that the catalog
        // follows the source (a cleared value is cleared there too, and the command's hash changes with it).
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Open("public override void WriteAsset(global::System.Text.Json.Utf8JsonWriter writer, " + type.Key + " item, string community, string domain)");
        // The base checks the name (null: an error naming the member; a lone surrogate) and starts the resource.
        w.Line("global::System.ArgumentNullException.ThrowIfNull(writer);");
        w.Line((type.DisplayNameMember is null ? "" : "var name = ") + "StartAsset(writer, " + Item(type) + "." + type.NameMember + ", " + CodeWriter.Literal(type.NameMember!.TrimStart('@')) + ", community, domain);");

        if (type.DisplayNameMember is not null)
        {
            // No display name is the name itself, as Collibra shows it and the embedded catalog reads it back.
            w.Line("writer.WriteString(\"displayName\", item." + type.DisplayNameMember + " is { } displayName ? " + Checked("displayName", type.DisplayNameMember) + " : name);");
        }

        if (type.StatusMember is not null)
        {
            // A status is left alone when the source gives none: new assets get their type's default, and the
            // missing-asset strategy and stewards' workflows own it afterwards.
            w.Open("if (item." + type.StatusMember + " is { } status)");
            w.Line("writer.WriteStartObject(\"status\");");
            w.Line("writer.WriteString(\"name\", " + Checked("status", type.StatusMember) + ");");
            w.Line("writer.WriteEndObject();");
            w.Close();
        }

        var index = 0;
        if (!type.Attributes.IsEmpty)
        {
            w.Line("writer.WriteStartObject(\"attributes\");");
            foreach (var attribute in type.Attributes)
            {
                index++;
                var shape = attribute.Shape;
                var member = attribute.Member;
                if (!shape.IsSequence)
                {
                    // One value at most: the runtime's AssetJson.WriteValues writes it, or the empty array.
                    var access = "item." + member;
                    var value = shape.Kind switch
                    {
                        ValueKind.Enum when shape.ContainerNullable => access + " is { } " + "value" + index.ToString(CultureInfo.InvariantCulture) + " ? " + EnumMethod(type, shape.EnumType!) + "(value" + index.ToString(CultureInfo.InvariantCulture) + ") : null",
                        ValueKind.Enum => EnumMethod(type, shape.EnumType!) + "(" + access + ")",
                        ValueKind.String => Checked(access, member),
                        _ => access,
                    };
                    w.Line(Json + ".WriteValues(writer, " + CodeWriter.Literal(attribute.AttributeType) + ", " + value + ");");
                    continue;
                }

                WriteValues(
                    w,
                    "item." + member,
                    shape,
                    index,
                    "writer.WriteStartArray(" + CodeWriter.Literal(attribute.AttributeType) + ");",
                    value => Json + ".WriteValue(writer, " + shape.Kind switch
                    {
                        ValueKind.Enum => EnumMethod(type, shape.EnumType!) + "(" + value + ")",
                        ValueKind.String => Checked(value, member),
                        _ => value,
                    } + ");");
            }

            w.Line("writer.WriteEndObject();");
        }

        if (!model.Relations.IsEmpty)
        {
            w.Line("writer.WriteStartObject(\"relations\");");
            foreach (var relation in model.Relations)
            {
                index++;
                var mapping = relation.Mapping;
                var shape = new ValueShape(ValueKind.String, null, mapping.IsSequence, mapping.ContainerNullable, ElementNullable: true);
                WriteValues(
                    w,
                    "item." + mapping.Member,
                    shape,
                    index,
                    "writer.WriteStartArray(" + CodeWriter.Literal(mapping.Key) + ");",
                    value => Json + ".WriteAssetReference(writer, " + Checked(value, mapping.Member) + ", " + CodeWriter.Literal(relation.Community) + ", " + CodeWriter.Literal(relation.Domain) + ");");
            }

            w.Line("writer.WriteEndObject();");
        }

        if (type.TagsMember is not null)
        {
            index++;
            var tags = type.TagsMember;
            WriteValues(
                w,
                "item." + tags,
                new ValueShape(ValueKind.String, null, IsSequence: true, type.TagsContainerNullable, ElementNullable: true),
                index,
                "writer.WriteStartArray(\"tags\");",
                value => "writer.WriteStringValue(" + Checked(value, tags) + ");");
        }

        w.Line("writer.WriteEndObject();");
        w.Close();

        foreach (var enumModel in type.Enums)
        {
            w.Line();
            w.Open("private static string " + enumModel.MethodName + "(" + enumModel.FullName + " value)");
            w.Line("return value switch");
            w.Line("{");
            w.Indent();
            foreach (var member in enumModel.Members)
            {
                w.Line(enumModel.FullName + "." + SymbolHelpers.EscapeIdentifier(member) + " => " + CodeWriter.Literal(member) + ",");
            }

            w.Line("_ => value.ToString(),");
            w.Outdent();
            w.Line("};");
            w.Close();
        }

        w.Close();
        CloseNamespace(w, type.Namespace);
        return w.ToString();
    }

    /// <summary>
    /// Writes the values of one member: always an array, opened with <paramref name="start"/>, which is empty when the
    /// member is null or the sequence is empty or holds only nulls. The Import API replaces the values of every key
    /// it is given (an empty array leaves none), so a value removed at the source is removed from the catalog.
    /// </summary>
    private static void WriteValues(CodeWriter w, string access, ValueShape shape, int index, string start, System.Func<string, string> write)
    {
        var value = "value" + index.ToString(CultureInfo.InvariantCulture);
        w.Line(start);
        if (!shape.IsSequence)
        {
            if (shape.ContainerNullable)
            {
                w.Open("if (" + access + " is { } " + value + ")");
                w.Line(write(value));
                w.Close();
            }
            else
            {
                w.Line(write(access));
            }

            w.Line("writer.WriteEndArray();");
            return;
        }

        var values = "values" + index.ToString(CultureInfo.InvariantCulture);
        var element = "element" + index.ToString(CultureInfo.InvariantCulture);
        var container = shape.ContainerNullable;
        if (container)
        {
            w.Open("if (" + access + " is { } " + values + ")");
        }

        w.Open("foreach (var " + element + " in " + (container ? values : access) + ")");
        if (shape.ElementNullable)
        {
            w.Open("if (" + element + " is { } " + value + ")");
            w.Line(write(value));
            w.Close();
        }
        else
        {
            w.Line(write(element));
        }

        w.Close();
        if (container)
        {
            w.Close();
        }

        w.Line("writer.WriteEndArray();");
    }

    /// <summary>The string <paramref name="expression"/>, checked to be valid UTF-16 before it is written (a lone surrogate is an error naming the member).</summary>
    private static string Checked(string expression, string member) =>
        Json + ".CheckedText(" + expression + ", TypeName, " + CodeWriter.Literal(member.TrimStart('@')) + ")";

    /// <summary>The item, checked not to be null where it can be (the base's NotNull).</summary>
    private static string Item(AssetTypeModel type) => type.IsReferenceType ? "NotNull(item)" : "item";

    private static string EnumMethod(AssetTypeModel type, string enumType) =>
        type.Enums.First(e => e.FullName == enumType).MethodName;

    private static void NullCheck(CodeWriter w, AssetTypeModel type, string parameter)
    {
        if (type.IsReferenceType)
        {
            w.Line("global::System.ArgumentNullException.ThrowIfNull(" + parameter + ");");
        }
    }

    public static string EmitPlan(PlanOutput plan)
    {
        if (plan.IsStub)
        {
            return EmitPlanStub(plan);
        }

        var w = Header();
        // The plan's scopes as data in the assembly: 'catalog-sync scopes update' reads them without running any code.
        w.Line("[assembly: global::System.Reflection.AssemblyMetadataAttribute(\"CatalogSync.Scope\", " + CodeWriter.Literal(ScopeRecordJson(plan)) + ")]");
        w.Line();
        OpenNamespace(w, plan.Namespace);
        var access = plan.IsPublic ? "public" : "internal";
        w.Line(GeneratedCode);
        w.Open("static partial class " + plan.ClassName);
        w.Line("/// <summary>");
        w.Line("/// What this plan does: its synchronization IDs in the order they run, how each is finalized, and the");
        w.Line("/// types each imports, in batches of at most " + plan.BatchSize.ToString(CultureInfo.InvariantCulture) + " resources.");
        w.Line("/// </summary>");
        w.Line(access + " static " + Plans + ".SyncPlanDescription Description { get; } = new " + Plans + ".SyncPlanDescription(");
        w.Indent();
        w.Line(CodeWriter.Literal(plan.Name) + ", " + plan.BatchSize.ToString(CultureInfo.InvariantCulture) + ", new " + Plans + ".SyncGroupDescription[]");
        w.Line("{");
        w.Indent();
        foreach (var group in plan.Groups)
        {
            // One line per group and per type, one per initializer: the description is data, and its length is paid
            // on every compilation.
            w.Line("new " + Plans + ".SyncGroupDescription(" + CodeWriter.Literal(group.SyncId) + ", global::CatalogSync.MissingStrategy." + group.Strategy + ", "
                + (group.StatusId is null ? "null" : "new global::System.Guid(" + CodeWriter.Literal(group.StatusId) + ")") + ", "
                + (group.StatusName is null ? "null" : CodeWriter.Literal(group.StatusName)) + ", new " + Plans + ".SyncTypeDescription[]");
            w.Line("{");
            w.Indent();
            foreach (var type in group.Types)
            {
                var head = "new " + Plans + ".SyncTypeDescription(" + CodeWriter.Literal(type.TypeName) + ", " + CodeWriter.Literal(type.AssetType) + ", "
                    + CodeWriter.Literal(type.Community) + ", " + (type.Domain is null ? "null" : CodeWriter.Literal(type.Domain)) + ", "
                    + CodeWriter.Literal(type.DomainType) + ", " + (type.PerItemDomain ? "true" : "false") + ")";
                if (type.Attributes.Count == 0 && type.Relations.Count == 0 && type.Guard == GuardModel.None && type.MovedFrom is null)
                {
                    w.Line(head + ",");
                    continue;
                }

                // What the preflight checks against the catalog's metamodel before any data moves.
                w.Line(head + " {");
                w.Indent();
                if (type.Attributes.Count > 0)
                {
                    w.Line("Attributes = new " + Plans + ".SyncAttributeDescription[] { " + string.Join(", ", type.Attributes.Select(attribute =>
                        "new(" + CodeWriter.Literal(attribute.AttributeType) + ", " + CodeWriter.Literal(attribute.Member) + ", "
                        + Plans + ".SyncValueKind." + attribute.SyncValueKind + ", " + (attribute.IsSequence ? "true" : "false") + ")")) + " },");
                }

                if (type.Relations.Count > 0)
                {
                    w.Line("Relations = new " + Plans + ".SyncRelationDescription[] { " + string.Join(", ", type.Relations.Select(relation =>
                        "new(new global::System.Guid(" + CodeWriter.Literal(relation.RelationTypeId) + "), global::CatalogSync.RelationRole." + relation.Role + ", "
                        + CodeWriter.Literal(relation.TargetTypeName) + ", " + CodeWriter.Literal(relation.TargetAssetType) + ", " + CodeWriter.Literal(relation.Member) + ")")) + " },");
                }

                if (type.Guard.MaxMissingPercent >= 0)
                {
                    w.Line("MaxMissingPercent = " + type.Guard.MaxMissingPercent.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",");
                }

                if (type.Guard.MaxMissingCount >= 0)
                {
                    w.Line("MaxMissingCount = " + type.Guard.MaxMissingCount.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",");
                }

                if (type.MovedFrom is not null)
                {
                    w.Line("MovedFrom = " + CodeWriter.Literal(type.MovedFrom) + ",");
                }

                w.Outdent();
                w.Line("},");
            }

            w.Outdent();
            w.Line("}),");
        }

        w.Outdent();
        if (plan.Removals.IsEmpty)
        {
            w.Line("});");
        }
        else
        {
            w.Line("})");
            w.Line("{");
            w.Indent();
            w.Line("Removed = new " + Plans + ".SyncIdRemoval[]");
            w.Line("{");
            w.Indent();
            foreach (var removal in plan.Removals)
            {
                w.Line("new " + Plans + ".SyncIdRemoval(" + CodeWriter.Literal(removal.SyncId) + ", global::CatalogSync.RemovedAssets." + removal.Then + ", "
                    + (removal.StatusId is null ? "null" : "new global::System.Guid(" + CodeWriter.Literal(removal.StatusId) + ")") + ", "
                    + (removal.StatusName is null ? "null" : CodeWriter.Literal(removal.StatusName)) + "),");
            }

            w.Outdent();
            w.Line("},");
            w.Outdent();
            w.Line("};");
        }

        w.Outdent();

        foreach (var (method, executor, summary) in new[]
        {
            ("RunAsync", "RunAsync", "Synchronizes the items into the catalog: each synchronization ID's batches, then its finalization, in plan order. A batch that does not succeed completely stops the run before its ID is finalized."),
            ("PreviewAsync", "PreviewAsync", "Runs the plan as a simulation (<c>simulation=true</c>): the catalog computes what would be added, updated, removed or retired, and changes nothing."),
        })
        {
            foreach (var sequence in new[] { "global::System.Collections.Generic.IAsyncEnumerable", "global::System.Collections.Generic.IEnumerable" })
            {
                w.Line();
                if (sequence.EndsWith(".IEnumerable", System.StringComparison.Ordinal))
                {
                    // The in-memory overload says what the streaming one says: one line instead of the whole comment.
                    w.Line("/// <inheritdoc cref=\"" + method + "(global::CatalogSync.Contract.IImportApiClient, "
                        + string.Concat(plan.Parameters.Select(p => "global::System.Collections.Generic.IAsyncEnumerable{" + p.Key + "}, "))
                        + Plans + ".SyncRunOptions, global::System.Threading.CancellationToken)\"/>");
                }
                else
                {
                    w.Line("/// <summary>" + summary + "</summary>");
                    w.Line("/// <param name=\"client\">The catalog: Collibra over HTTP, or the embedded catalog.</param>");
                    foreach (var parameter in plan.Parameters)
                    {
                        w.Line("/// <param name=\"" + parameter.ParameterName.TrimStart('@') + "\">The <see cref=\"" + parameter.Key + "\"/> items (" + CodeWriter.XmlEscape(CodeWriter.Literal(parameter.AssetType)) + " assets).</param>");
                    }

                    w.Line("/// <param name=\"options\">Run options; <see langword=\"null\"/> for the defaults.</param>");
                    w.Line("/// <param name=\"cancellationToken\">Stops the run.</param>");
                    w.Line("/// <returns>What each synchronization ID did.</returns>");
                }

                w.Line(access + " static global::System.Threading.Tasks.Task<" + Plans + ".SyncRunReport> " + method + "(");
                w.Indent();
                w.Line("global::CatalogSync.Contract.IImportApiClient client,");
                foreach (var parameter in plan.Parameters)
                {
                    w.Line(sequence + "<" + parameter.Key + "> " + parameter.ParameterName + ",");
                }

                w.Line(Plans + ".SyncRunOptions? options = null,");
                w.Line("global::System.Threading.CancellationToken cancellationToken = default)");
                w.Outdent();
                w.Indent();
                w.Line("=> " + Plans + ".SyncPlanExecutor." + executor + "(client, Description, new " + Plans + ".SyncSource[]");
                w.Line("{");
                w.Indent();
                foreach (var parameter in plan.Parameters)
                {
                    w.Line(Plans + ".SyncSource.Create(" + parameter.ParameterName + ", " + parameter.MapperFullName + ".Instance),");
                }

                w.Outdent();
                w.Line("}, options, cancellationToken);");
                w.Outdent();
            }
        }

        w.Close();
        CloseNamespace(w, plan.Namespace);
        return w.ToString();
    }

    /// <summary>
    /// The members of a plan with errors: the same names and parameters, each throwing. They keep the plan's call sites
    /// compiling, so its mistakes are reported once, by its CSYNC errors, not again as CS0117 at every call; they run
    /// only where those errors were demoted (.editorconfig), and then say why. No scope record: nothing is final.
    /// </summary>
    private static string EmitPlanStub(PlanOutput plan)
    {
        var w = Header();
        OpenNamespace(w, plan.Namespace);
        var access = plan.IsPublic ? "public" : "internal";
        var reason = "Plan '" + plan.Name + "' has errors (CSYNC diagnostics at compile time), so it was not generated: fix them and build again.";
        w.Line(GeneratedCode);
        w.Open("static partial class " + plan.ClassName);
        w.Line("/// <summary>Not generated: the plan has errors (see its CSYNC diagnostics).</summary>");
        w.Line("/// <exception cref=\"global::System.InvalidOperationException\">Always.</exception>");
        w.Line(access + " static " + Plans + ".SyncPlanDescription Description => throw NotGenerated();");
        // Without item parameters the two overloads would be one.
        var sequences = plan.Parameters.IsEmpty
            ? new[] { "" }
            : new[] { "global::System.Collections.Generic.IAsyncEnumerable", "global::System.Collections.Generic.IEnumerable" };
        foreach (var method in new[] { "RunAsync", "PreviewAsync" })
        {
            foreach (var sequence in sequences)
            {
                w.Line();
                w.Line("/// <summary>Not generated: the plan has errors (see its CSYNC diagnostics).</summary>");
                w.Line("/// <exception cref=\"global::System.InvalidOperationException\">Always.</exception>");
                w.Line(access + " static global::System.Threading.Tasks.Task<" + Plans + ".SyncRunReport> " + method + "(");
                w.Indent();
                w.Line("global::CatalogSync.Contract.IImportApiClient client,");
                foreach (var parameter in plan.Parameters)
                {
                    w.Line(sequence + "<" + parameter.Key + "> " + parameter.ParameterName + ",");
                }

                w.Line(Plans + ".SyncRunOptions? options = null,");
                w.Line("global::System.Threading.CancellationToken cancellationToken = default) => throw NotGenerated();");
                w.Outdent();
            }
        }

        w.Line();
        w.Line("private static global::System.InvalidOperationException NotGenerated() => new(" + CodeWriter.Literal(reason) + ");");
        w.Close();
        CloseNamespace(w, plan.Namespace);
        return w.ToString();
    }

    /// <summary>
    /// The plan's entry of the scope file, one line of JSON: <c>{"plan":…,"syncIds":[{"syncId":…,"strategy":…,"types":[…]}]}</c>,
    /// the format <c>catalogsync.scopes.json</c> keeps per ID (docs/scopes.md).
    /// </summary>
    internal static string ScopeRecordJson(PlanOutput plan)
    {
        var json = new System.Text.StringBuilder();
        json.Append("{\"plan\":").Append(JsonString(plan.Name)).Append(",\"syncIds\":[");
        for (var g = 0; g < plan.Groups.Count; g++)
        {
            var group = plan.Groups[g];
            json.Append(g == 0 ? "" : ",").Append("{\"syncId\":").Append(JsonString(group.SyncId))
                .Append(",\"strategy\":").Append(JsonString(group.Strategy.ToString())).Append(",\"types\":[");
            for (var t = 0; t < group.Types.Count; t++)
            {
                var type = group.Types[t];
                json.Append(t == 0 ? "" : ",").Append("{\"type\":").Append(JsonString(type.TypeName))
                    .Append(",\"assetType\":").Append(JsonString(type.AssetType))
                    .Append(",\"community\":").Append(JsonString(type.Community))
                    .Append(",\"domain\":").Append(type.Domain is null ? "null" : JsonString(type.Domain)).Append('}');
            }

            json.Append("]}");
        }

        return json.Append("]}").ToString();
    }

    private static string JsonString(string value)
    {
        var json = new System.Text.StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                default:
                    if (c < ' ' || char.IsSurrogate(c))
                    {
                        json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.Append(c);
                    }

                    break;
            }
        }

        return json.Append('"').ToString();
    }

    // CS0612/CS0618: a mapped member may be [Obsolete]; reading it is the generator's doing, not the user's, and must
    // not fail a warnings-as-errors build (the user's own uses still warn).
    private static CodeWriter Header() =>
        new CodeWriter().Line("// <auto-generated/>").Line("#nullable enable").Line("#pragma warning disable CS0612, CS0618").Line();

    // File-scoped: one level of indentation and two lines less per file (consumers are .NET 10 projects, C# 10 or later).
    private static void OpenNamespace(CodeWriter w, string ns)
    {
        if (ns.Length > 0)
        {
            w.Line("namespace " + ns + ";").Line();
        }
    }

#pragma warning disable IDE0060 // Kept so that every OpenNamespace has its close, should the form change again.
    private static void CloseNamespace(CodeWriter w, string ns)
#pragma warning restore IDE0060
    {
    }
}
