using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
internal sealed class FlowDependencies
{
    private readonly Compilation _compilation;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<ITypeSymbol> _types = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ISymbol> _constants = new(SymbolEqualityComparer.Default);
    private readonly Stack<ITypeSymbol> _pending = new();
    private readonly HashSet<string> _files = new(System.StringComparer.Ordinal);

    private FlowDependencies(Compilation compilation, CancellationToken cancellationToken)
    {
        _compilation = compilation;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The paths of the files <paramref name="flow"/>'s model can depend on, sorted.</summary>
    public static string[] Of(INamedTypeSymbol flow, Compilation compilation, CancellationToken cancellationToken)
    {
        var dependencies = new FlowDependencies(compilation, cancellationToken);
        dependencies.AddType(flow);
        foreach (var reference in flow.DeclaringSyntaxReferences)
        {
            dependencies.AddNamedValues(reference.GetSyntax(cancellationToken));
        }

        dependencies.Drain();
        return dependencies._files.OrderBy(f => f, System.StringComparer.Ordinal).ToArray();
    }

    private void AddType(ITypeSymbol? type)
    {
        switch (type)
        {
            case null:
                return;
            case IArrayTypeSymbol array:
                AddType(array.ElementType);
                return;
            case IPointerTypeSymbol pointer:
                AddType(pointer.PointedAtType);
                return;
            case IFunctionPointerTypeSymbol function:
                AddType(function.Signature.ReturnType);
                foreach (var parameter in function.Signature.Parameters)
                {
                    AddType(parameter.Type);
                }

                return;
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    AddType(argument);
                }

                if (_types.Add(named.OriginalDefinition))
                {
                    _pending.Push(named.OriginalDefinition);
                }

                return;
            case ITypeParameterSymbol parameter:
                foreach (var constraint in parameter.ConstraintTypes)
                {
                    AddType(constraint);
                }

                return;
        }
    }

    /// <summary>Visits the types found so far: metadata types end the walk, source types add their files and what they name.</summary>
    private void Drain()
    {
        while (_pending.Count > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (_pending.Pop() is not INamedTypeSymbol type || type.DeclaringSyntaxReferences.Length == 0)
            {
                continue;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                _files.Add(reference.SyntaxTree.FilePath);
            }

            AddType(type.ContainingType);
            AddType(type.BaseType);
            foreach (var item in type.Interfaces)
            {
                AddType(item);
            }

            foreach (var parameter in type.TypeParameters)
            {
                AddType(parameter);
            }

            AddAttributes(type.GetAttributes());
            foreach (var member in type.GetMembers())
            {
                AddMember(member);
            }

            if (type.TypeKind == TypeKind.Enum)
            {
                // Enum values may be computed from constants declared elsewhere.
                foreach (var reference in type.DeclaringSyntaxReferences)
                {
                    AddNamedValues(reference.GetSyntax(_cancellationToken));
                }
            }
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

    /// <summary>
    /// The symbols named in attribute arguments and in initializers (defaults, constants, enum values) outside bodies:
    /// an attribute reads a constant's value, not its declaration, so the file that declares it is added here. A type in
    /// <c>typeof</c> is already an argument's value (<see cref="AddConstant"/>) and a named argument's name a member of
    /// the attribute.
    /// </summary>
    private void AddNamedValues(SyntaxNode declaration)
    {
        SemanticModel? model = null;
        foreach (var node in declaration.DescendantNodes(static n => !SourceShape.IsBody(n)))
        {
            var value = node switch
            {
                AttributeArgumentSyntax argument => argument.Expression,
                EqualsValueClauseSyntax initializer => initializer.Value,
                _ => null,
            };
            if (value is null or LiteralExpressionSyntax or TypeOfExpressionSyntax)
            {
                continue;
            }

            foreach (var name in value.DescendantNodesAndSelf(static n => n is not TypeOfExpressionSyntax).OfType<IdentifierNameSyntax>())
            {
                model ??= _compilation.GetSemanticModel(declaration.SyntaxTree);
                var info = model.GetSymbolInfo(name, _cancellationToken);
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
            // A constant computed from others: their files count too.
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                _files.Add(reference.SyntaxTree.FilePath);
                AddNamedValues(reference.GetSyntax(_cancellationToken));
            }
        }
    }
}
