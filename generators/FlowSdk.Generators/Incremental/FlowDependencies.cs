using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FlowSdk.Generators.Incremental;

/// <summary>
/// The source files a flow's model can depend on, besides the names every file declares (<see cref="SourceShape.Names"/>):
/// the files declaring the flow class and every source type reachable from it through declarations (containing and
/// base types, interfaces, type arguments and constraints, the signatures and attributes of members, recursively), and
/// those declaring the constants its attributes and defaults name. A superset of what the parser reads: an edit
/// outside these files, that declares no new name, cannot change the model.
/// </summary>
internal static class FlowDependencies
{
    // What each type reaches by itself, found once per compilation: flows share their model types, so each flow's walk
    // only joins edges instead of reading the same members a thousand times.
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<ITypeSymbol, TypeEdges>> s_edges = new();

    /// <summary>The paths of the files <paramref name="flow"/>'s model can depend on, sorted.</summary>
    public static string[] Of(INamedTypeSymbol flow, Compilation compilation, CancellationToken cancellationToken)
    {
        var edges = s_edges.GetValue(compilation, static _ => new ConcurrentDictionary<ITypeSymbol, TypeEdges>(SymbolEqualityComparer.Default));
        var named = new Collector(compilation, cancellationToken);
        named.AddNamedValues(flow);

        var files = new HashSet<string>(named.Files, System.StringComparer.Ordinal);
        var seen = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<ITypeSymbol>(named.Types.Where(static t => t.DeclaringSyntaxReferences.Length > 0));
        pending.Push(flow.OriginalDefinition);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var type = pending.Pop();
            if (!seen.Add(type))
            {
                continue;
            }

            if (!edges.TryGetValue(type, out var reached))
            {
                reached = edges.GetOrAdd(type, Collector.EdgesOf(type, compilation, cancellationToken));
            }

            files.UnionWith(reached.Files);
            foreach (var next in reached.Types)
            {
                if (!seen.Contains(next))
                {
                    pending.Push(next);
                }
            }
        }

        return files.OrderBy(f => f, System.StringComparer.Ordinal).ToArray();
    }

    /// <summary>A type's own files (none for a metadata type) and the types its declarations name.</summary>
    private sealed class TypeEdges(string[] files, ITypeSymbol[] types)
    {
        public string[] Files { get; } = files;

        public ITypeSymbol[] Types { get; } = types;
    }

    /// <summary>Collects files and the original definitions of the named types that declarations reach.</summary>
    private sealed class Collector(Compilation compilation, CancellationToken cancellationToken)
    {
        private readonly HashSet<ISymbol> _constants = new(SymbolEqualityComparer.Default);

        public HashSet<ITypeSymbol> Types { get; } = new(SymbolEqualityComparer.Default);

        public HashSet<string> Files { get; } = new(System.StringComparer.Ordinal);

        /// <summary>What <paramref name="type"/> reaches: metadata types end the walk, their changes come with the references.</summary>
        public static TypeEdges EdgesOf(ITypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        {
            if (type is not INamedTypeSymbol named || named.DeclaringSyntaxReferences.Length == 0)
            {
                return new TypeEdges([], []);
            }

            var collector = new Collector(compilation, cancellationToken);
            foreach (var reference in named.DeclaringSyntaxReferences)
            {
                collector.Files.Add(reference.SyntaxTree.FilePath);
            }

            collector.AddType(named.ContainingType);
            collector.AddType(named.BaseType);
            foreach (var item in named.Interfaces)
            {
                collector.AddType(item);
            }

            foreach (var parameter in named.TypeParameters)
            {
                collector.AddType(parameter);
            }

            collector.AddAttributes(named.GetAttributes());
            foreach (var member in named.GetMembers())
            {
                if (member.IsImplicitlyDeclared && named.TypeKind != TypeKind.Enum)
                {
                    continue; // a record's or a property's generated members: nothing the declarations do not name
                }

                collector.AddMember(member);
                if (named.TypeKind == TypeKind.Enum)
                {
                    collector.AddSymbol(member); // enum values may be computed from constants declared elsewhere
                }
            }

            // Only source types lead anywhere: a metadata type has no file and its own edges are none.
            collector.Types.Remove(named);
            return new TypeEdges([.. collector.Files], [.. collector.Types.Where(static t => t.DeclaringSyntaxReferences.Length > 0)]);
        }

        /// <summary>
        /// The symbols named in the flow's attribute arguments (on the class, its members and their parameters) and in
        /// its parameters' defaults and constants: an attribute reads a constant's value, not its declaration, so the
        /// files that declare it are added here. Read from the symbols' own syntax, so nothing else of the class is walked.
        /// </summary>
        public void AddNamedValues(INamedTypeSymbol flow)
        {
            AddArguments(flow.GetAttributes());
            foreach (var member in flow.GetMembers())
            {
                if (member.IsImplicitlyDeclared)
                {
                    continue;
                }

                AddArguments(member.GetAttributes());
                if (member is IMethodSymbol method)
                {
                    AddArguments(method.GetReturnTypeAttributes());
                    foreach (var parameter in method.Parameters)
                    {
                        AddArguments(parameter.GetAttributes());
                        if (parameter.HasExplicitDefaultValue)
                        {
                            foreach (var reference in parameter.DeclaringSyntaxReferences)
                            {
                                if (reference.GetSyntax(cancellationToken) is ParameterSyntax { Default.Value: { } value })
                                {
                                    AddValue(value);
                                }
                            }
                        }
                    }
                }
                else if (member is IFieldSymbol { IsConst: true })
                {
                    AddSymbol(member);
                }
            }
        }

        private void AddType(ITypeSymbol? type)
        {
            switch (type)
            {
                case IArrayTypeSymbol array:
                    AddType(array.ElementType);
                    break;
                case IPointerTypeSymbol pointer:
                    AddType(pointer.PointedAtType);
                    break;
                case IFunctionPointerTypeSymbol function:
                    AddType(function.Signature.ReturnType);
                    foreach (var parameter in function.Signature.Parameters)
                    {
                        AddType(parameter.Type);
                    }

                    break;
                case INamedTypeSymbol named:
                    foreach (var argument in named.TypeArguments)
                    {
                        AddType(argument);
                    }

                    Types.Add(named.OriginalDefinition);
                    break;
                case ITypeParameterSymbol parameter:
                    foreach (var constraint in parameter.ConstraintTypes)
                    {
                        AddType(constraint);
                    }

                    break;
            }
        }

        private void AddMember(ISymbol member)
        {
            AddAttributes(member.GetAttributes());
            switch (member)
            {
                case IMethodSymbol method:
                    AddType(method.ReturnType);
                    AddAttributes(method.GetReturnTypeAttributes());
                    foreach (var parameter in method.TypeParameters)
                    {
                        AddType(parameter);
                    }

                    foreach (var parameter in method.Parameters)
                    {
                        AddType(parameter.Type);
                        AddAttributes(parameter.GetAttributes());
                    }

                    break;
                case IPropertySymbol property:
                    AddType(property.Type);
                    foreach (var parameter in property.Parameters)
                    {
                        AddType(parameter.Type);
                    }

                    break;
                case IFieldSymbol field:
                    AddType(field.Type);
                    break;
                case IEventSymbol @event:
                    AddType(@event.Type);
                    break;
                case INamedTypeSymbol nested:
                    AddType(nested);
                    break;
            }
        }

        private void AddAttributes(ImmutableArray<AttributeData> attributes)
        {
            foreach (var attribute in attributes)
            {
                AddType(attribute.AttributeClass);
                foreach (var argument in attribute.ConstructorArguments)
                {
                    AddConstant(argument);
                }

                foreach (var argument in attribute.NamedArguments)
                {
                    AddConstant(argument.Value);
                }
            }
        }

        private void AddConstant(TypedConstant constant)
        {
            if (constant.Kind == TypedConstantKind.Array)
            {
                if (!constant.IsNull)
                {
                    foreach (var item in constant.Values)
                    {
                        AddConstant(item);
                    }
                }
            }
            else if (constant.Kind == TypedConstantKind.Type)
            {
                AddType(constant.Value as ITypeSymbol);
            }
            else
            {
                AddType(constant.Type);
            }
        }

        private void AddArguments(ImmutableArray<AttributeData> attributes)
        {
            foreach (var attribute in attributes)
            {
                // Most of a flow's attributes take no argument: their syntax is not even looked up.
                if (attribute.ConstructorArguments.IsEmpty && attribute.NamedArguments.IsEmpty)
                {
                    continue;
                }

                if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is AttributeSyntax { ArgumentList: { } arguments })
                {
                    foreach (var argument in arguments.Arguments)
                    {
                        AddValue(argument.Expression);
                    }
                }
            }
        }

        /// <summary>The symbols an expression names; a literal names none and a type in <c>typeof</c> is the argument's value.</summary>
        private void AddValue(ExpressionSyntax value)
        {
            if (value is LiteralExpressionSyntax or TypeOfExpressionSyntax)
            {
                return;
            }

            SemanticModel? model = null;
            foreach (var name in value.DescendantNodesAndSelf(static n => n is not TypeOfExpressionSyntax).OfType<IdentifierNameSyntax>())
            {
                model ??= compilation.GetSemanticModel(value.SyntaxTree);
                var info = model.GetSymbolInfo(name, cancellationToken);
                if (info.Symbol is { } symbol)
                {
                    AddSymbol(symbol);
                }

                foreach (var candidate in info.CandidateSymbols)
                {
                    AddSymbol(candidate);
                }
            }
        }

        private void AddSymbol(ISymbol symbol)
        {
            if (symbol is ITypeSymbol type)
            {
                AddType(type);
                return;
            }

            AddType(symbol.ContainingType);
            if (symbol is IFieldSymbol { IsConst: true } && _constants.Add(symbol))
            {
                // A constant (or enum member) computed from others: theirs count too.
                foreach (var reference in symbol.DeclaringSyntaxReferences)
                {
                    Files.Add(reference.SyntaxTree.FilePath);
                    var initializer = reference.GetSyntax(cancellationToken) switch
                    {
                        VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                        EnumMemberDeclarationSyntax member => member.EqualsValue?.Value,
                        _ => null,
                    };
                    if (initializer is not null)
                    {
                        AddValue(initializer);
                    }
                }
            }
        }
    }
}
