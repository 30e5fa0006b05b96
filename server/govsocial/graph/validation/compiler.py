"""Compile SHACL shapes into SPARQL queries that find every violation of a shape at once.

pySHACL walks focus node by focus node in Python; here each top-level shape becomes a few
queries over the whole store (one per property shape for value tests, one for counts, one per
SPARQL constraint), so the database does the walking. The queries reproduce pySHACL's
results exactly (focus node, path, value, shape, component, severity, message); the tests
compare both engines on the real data, every shape case and mutated synthetic data.

Coverage is deliberate, not complete: a top-level shape that uses anything outside
NATIVE_COMPONENTS (or an unusual target, path or query form) is reported in
`Compilation.unsupported` with the reason, and the engine hands that shape to pySHACL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Identifier, Node

from govsocial.graph.namespaces import OWL, RDF, RDFS, SH, XSD
from govsocial.graph.validation.sparqltext import (
    Unsupported,
    iri,
    path,
    python_search_pattern,
    rewrite_select,
    sparql_string,
    term,
)

# Constraint components the compiler translates (SHACL core plus SPARQL-based ones).
NATIVE_COMPONENTS = frozenset(
    SH[name]
    for name in (
        "ClassConstraintComponent",
        "DatatypeConstraintComponent",
        "NodeKindConstraintComponent",
        "PatternConstraintComponent",
        "LanguageInConstraintComponent",
        "MinInclusiveConstraintComponent",
        "MaxInclusiveConstraintComponent",
        "MinExclusiveConstraintComponent",
        "MaxExclusiveConstraintComponent",
        "InConstraintComponent",
        "OrConstraintComponent",
        "AndConstraintComponent",
        "NotConstraintComponent",
        "NodeConstraintComponent",
        "MinCountConstraintComponent",
        "MaxCountConstraintComponent",
        "HasValueConstraintComponent",
        "QualifiedMinCountConstraintComponent",
        "QualifiedMaxCountConstraintComponent",
        "UniqueLangConstraintComponent",
        "SPARQLConstraintComponent",
    )
)
# Core components the compiler leaves to pySHACL on purpose (none is used in shapes/ today):
# each would need its own translation and its own equivalence tests first.
ROUTED_TO_PYSHACL = frozenset(
    SH[name]
    for name in (
        "ClosedConstraintComponent",
        "EqualsConstraintComponent",
        "DisjointConstraintComponent",
        "LessThanConstraintComponent",
        "LessThanOrEqualsConstraintComponent",
        "MinLengthConstraintComponent",
        "MaxLengthConstraintComponent",
        "XoneConstraintComponent",
        "ExpressionConstraintComponent",
    )
)

# parameter -> component, for the value tests (one value node at a time)
VALUE_PARAMETERS = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
}
COUNT_PARAMETERS = {SH.minCount, SH.maxCount, SH.hasValue, SH.qualifiedValueShape}
# predicates that describe a shape without constraining anything (or are read with another one)
INERT = {
    RDF.type,
    RDFS.label,
    RDFS.comment,
    RDFS.seeAlso,
    RDFS.isDefinedBy,
    SH.name,
    SH.description,
    SH.message,
    SH.severity,
    SH.path,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.flags,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.targetNode,
    SH.property,
    SH.sparql,
    SH.deactivated,
    SH.qualifiedValueShapesDisjoint,
}
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)

NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})",
    SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}
# range parameter -> the comparison a value must pass
RANGE_OPERATORS = {
    SH.minInclusive: ">=",
    SH.maxInclusive: "<=",
    SH.minExclusive: ">",
    SH.maxExclusive: "<",
}
# Datatypes pySHACL checks beyond the datatype IRI (rdflib marks ill-typed lexical forms, and
# pySHACL tests the parsed value): a cast of the lexical form must give the same term back.
CHECKED_DATATYPES = {
    XSD.integer,
    XSD.decimal,
    XSD.float,
    XSD.double,
    XSD.boolean,
    XSD.date,
    XSD.dateTime,
    XSD.time,
}
# Datatypes compared by IRI only, as pySHACL does for types it has no value check for.
PLAIN_DATATYPES = {
    XSD.language,
    XSD.anyURI,
    XSD.normalizedString,
    XSD.token,
    XSD.gYear,
    XSD.gYearMonth,
}


@dataclass(frozen=True)
class Test:
    """One constraint instance inside a check: its component, and how a row shows it failed."""

    component: URIRef
    variable: str  # result variable carrying the outcome for this component
    fails_below: int | None = None  # count checks: fails when the count is below this
    fails_above: int | None = None  # count checks: fails when the count is above this


@dataclass(frozen=True)
class Count:
    """One number a count check computes per focus node, and the tests that read it."""

    variable: str  # the result variable that carries the number
    aggregate: str  # how the number is computed from the group, e.g. "COUNT(DISTINCT ?v)"
    tests: tuple[Test, ...]
    bind: str | None = None  # the per-value BIND the aggregate reads, if any

    def projection(self) -> str:
        return f"({self.aggregate} AS ?{self.variable})"

    def failures(self) -> list[str]:
        """Return HAVING conditions, one per bound a test sets, each true when the test fails."""
        # HAVING cannot see the SELECT's aliases (they are bound after it): repeat the aggregate
        conditions = []
        for test in self.tests:
            if test.fails_below is not None:
                conditions.append(f"{self.aggregate} < {test.fails_below}")
            if test.fails_above is not None:
                conditions.append(f"{self.aggregate} > {test.fails_above}")
        return conditions


@dataclass(frozen=True)
class Check:
    """One SPARQL query over the store whose rows are validation results of one shape."""

    kind: str  # "values", "counts", "unique-lang" or "sparql"
    shape: Node  # the sh:sourceShape of the results
    query: str
    severity: URIRef
    messages: tuple[Literal, ...]
    path: Node | None  # the shape's sh:path node (results carry it as sh:resultPath)
    tests: tuple[Test, ...] = ()
    source_constraint: Node | None = None
    component: URIRef | None = None  # "sparql" and "unique-lang" checks: their one component


@dataclass
class Compilation:
    """Checks for the shapes the compiler covers, and the shapes it leaves to pySHACL."""

    checks: list[Check] = field(default_factory=list)
    unsupported: dict[Node, str] = field(default_factory=dict)  # top-level shape -> reason
    top_level: list[Node] = field(default_factory=list)

    @property
    def native_shapes(self) -> list[Node]:
        return [s for s in self.top_level if s not in self.unsupported]


def _messages(shapes: Graph, node: Node) -> tuple[Literal, ...]:
    return tuple(m for m in shapes.objects(node, SH.message) if isinstance(m, Literal))


def _severity(shapes: Graph, shape: Node) -> URIRef:
    severity = shapes.value(shape, SH.severity)
    return severity if isinstance(severity, URIRef) else SH.Violation


def _only(shapes: Graph, node: Node, predicate: URIRef) -> Node | None:
    values = list(shapes.objects(node, predicate))
    if len(values) > 1:
        raise Unsupported(f"{predicate} given more than once")
    return values[0] if values else None


def _integer(node: Node | None) -> int | None:
    if node is None:
        return None
    if not isinstance(node, Literal) or not isinstance(node.value, int):
        raise Unsupported(f"{node!r} is not an integer")
    return node.value


def _is_true(node: Node | None) -> bool:
    return isinstance(node, Literal) and node.value is True


def _sorted(nodes: Iterable[Node]) -> list[Identifier]:
    # every parsed term is an Identifier (IRI, blank node, literal): nothing is left out
    return sorted(node for node in nodes if isinstance(node, Identifier))


def _any_of(expressions: list[str]) -> str:
    return f"({' || '.join(expressions) or 'false'})"


def _all_of(expressions: list[str]) -> str:
    return f"({' && '.join(expressions) or 'true'})"


def _node_kind(kind: Node, v: str) -> str:
    if not isinstance(kind, URIRef) or kind not in NODE_KINDS:
        raise Unsupported(f"unknown node kind {kind}")
    return NODE_KINDS[kind].format(v=v)


def _in_range(operator: str, bound: Node, v: str) -> str:
    if not isinstance(bound, Literal):
        raise Unsupported("a range bound that is not a literal")
    return f"({v} {operator} {term(bound)})"


def _language_in(listed_tags: list[Node], v: str) -> str:
    tags = [str(tag).lower() for tag in listed_tags]
    tagged = f'(isLiteral({v}) && lang({v}) != "")'
    if "*" in tags:
        return tagged
    if not tags:
        return "false"
    # as pySHACL: the whole tag or its first subtag is listed (case-insensitive); SPARQL's
    # langMatches would also accept "en-gb-oed" for a listed "en-gb"
    listed = ", ".join(sparql_string(t) for t in tags)
    lang = f"LCASE(lang({v}))"
    first = f'STRBEFORE(CONCAT({lang}, "-"), "-")'
    return f"({tagged} && ({lang} IN ({listed}) || {first} IN ({listed})))"


def _count_tests(
    variable: str, least: int | None, most: int | None, too_few: URIRef, too_many: URIRef
) -> tuple[Test, ...]:
    """Return the tests of the bounds given on the count in `variable`, with their components."""
    tests = []
    if least is not None:
        tests.append(Test(too_few, variable, fails_below=least))
    if most is not None:
        tests.append(Test(too_many, variable, fails_above=most))
    return tuple(tests)


class ShapeCompiler:
    """Translate the shapes of one shapes graph; one instance per graph."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.custom = self._custom_components()

    # -- custom SPARQL-based components --------------------------------------------------------

    def _custom_components(self) -> dict[URIRef, tuple[Node, list[URIRef]]]:
        """Map each parameter path of a declared component to (component, all its parameters)."""
        found: dict[URIRef, tuple[Node, list[URIRef]]] = {}
        for component in self.shapes.subjects(RDF.type, SH.ConstraintComponent):
            parameters = []
            for parameter in self.shapes.objects(component, SH.parameter):
                parameter_path = self.shapes.value(parameter, SH.path)
                if isinstance(parameter_path, URIRef):
                    parameters.append(parameter_path)
            for parameter_path in parameters:
                found[parameter_path] = (component, parameters)
        return found

    def _prefixes(self, node: Node) -> str:
        lines = []
        for holder in self.shapes.objects(node, SH.prefixes):
            for declaration in self.shapes.objects(holder, SH.declare):
                prefix = self.shapes.value(declaration, SH.prefix)
                namespace = self.shapes.value(declaration, SH.namespace)
                if prefix is None or namespace is None:
                    raise Unsupported("an sh:declare without sh:prefix or sh:namespace")
                lines.append(f"PREFIX {prefix}: {iri(URIRef(str(namespace)))}")
        return "\n".join(lines)

    # -- targets and value conditions ----------------------------------------------------------

    def targets(self, shape: Node) -> str:
        """Return a group binding ?this to each focus node of the shape, once."""
        if {(shape, RDF.type, RDFS.Class), (shape, RDF.type, OWL.Class)} & set(self.shapes):
            raise Unsupported("implicit class target (the shape is also a class)")
        if (shape, SH.target, None) in self.shapes:
            raise Unsupported("SPARQL-based target (sh:target)")
        branches = []
        for target_class in self.shapes.objects(shape, SH.targetClass):
            branches.append(f"?this a/<{RDFS.subClassOf}>* {term(target_class)} .")
        for number, predicate in enumerate(self.shapes.objects(shape, SH.targetSubjectsOf)):
            branches.append(f"?this {term(predicate)} ?_s{number} .")
        for number, predicate in enumerate(self.shapes.objects(shape, SH.targetObjectsOf)):
            branches.append(f"?_o{number} {term(predicate)} ?this .")
        nodes = [term(n) for n in self.shapes.objects(shape, SH.targetNode)]
        if nodes:
            branches.append(f"VALUES ?this {{ {' '.join(nodes)} }}")
        if not branches:
            raise Unsupported("no target")
        union = " UNION ".join(f"{{ {b} }}" for b in branches)
        return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"

    def condition(self, shape: Node, parameter: URIRef, value: Node, v: str, depth: int) -> str:
        """Return a SPARQL expression true when the value node `v` satisfies the constraint."""
        if parameter == SH["class"]:
            return f"EXISTS {{ {v} a/<{RDFS.subClassOf}>* {term(value)} }}"
        if parameter == SH.datatype:
            return self._datatype(value, v)
        if parameter == SH.nodeKind:
            return _node_kind(value, v)
        if parameter == SH.pattern:
            return self._pattern(shape, value, v)
        if parameter == SH.languageIn:
            return _language_in(self._members(value), v)
        if parameter in RANGE_OPERATORS:
            return _in_range(RANGE_OPERATORS[parameter], value, v)
        if parameter == SH["in"]:
            return _any_of([f"sameTerm({v}, {term(m)})" for m in self._members(value)])
        if parameter == SH["or"]:
            return _any_of([self.conforms(s, v, depth + 1) for s in self._members(value)])
        if parameter == SH["and"]:
            return _all_of([self.conforms(s, v, depth + 1) for s in self._members(value)])
        if parameter == SH["not"]:
            return f"!{self.conforms(value, v, depth + 1)}"
        if parameter == SH.node:
            return self.conforms(value, v, depth + 1)
        raise Unsupported(f"{parameter} is not a value constraint")

    def _members(self, rdf_list: Node) -> list[Node]:
        return list(Collection(self.shapes, rdf_list))

    def _pattern(self, shape: Node, pattern: Node, v: str) -> str:
        flags = _only(self.shapes, shape, SH.flags)
        flag_text = f", {sparql_string(str(flags))}" if flags is not None else ""
        regex = sparql_string(python_search_pattern(str(pattern), str(flags or "")))
        return f"(!isBlank({v}) && REGEX(STR({v}), {regex}{flag_text}))"

    def _datatype(self, datatype: Node, v: str) -> str:
        if datatype == RDF.langString:
            return f'(isLiteral({v}) && lang({v}) != "")'
        if datatype == RDFS.Literal:
            return f"isLiteral({v})"
        if datatype == XSD.string:
            return f"(isLiteral({v}) && datatype({v}) = {iri(XSD.string)})"
        if datatype in CHECKED_DATATYPES:
            d = iri(URIRef(str(datatype)))
            # an ill-typed literal ("abc"^^xsd:integer) keeps its text in the store; a cast of
            # its text fails, while a well-typed one casts back to the same (canonical) term
            return f"(isLiteral({v}) && datatype({v}) = {d} && sameTerm({d}(STR({v})), {v}))"
        if datatype in PLAIN_DATATYPES:
            return f"(isLiteral({v}) && datatype({v}) = {iri(URIRef(str(datatype)))})"
        raise Unsupported(f"datatype {datatype} (no value check translated)")

    def conforms(self, shape: Node, v: str, depth: int) -> str:
        """Return an expression true when `v` conforms to a (nested) shape of value tests only."""
        if depth > 8:
            raise Unsupported("shapes nested deeper than 8 levels (recursive shapes?)")
        if _is_true(_only(self.shapes, shape, SH.deactivated)):
            raise Unsupported("deactivated nested shape")
        parts = []
        for predicate, value in self.shapes.predicate_objects(shape):
            if isinstance(predicate, URIRef) and predicate in VALUE_PARAMETERS:
                parts.append(self.condition(shape, predicate, value, v, depth))
            elif predicate == SH.hasValue:
                parts.append(f"sameTerm({v}, {term(value)})")
            elif (
                predicate in (SH.property, SH.sparql)
                or predicate in self.custom
                or (predicate not in INERT and str(predicate).startswith(str(SH)))
            ):
                raise Unsupported(f"nested shape {shape} uses {predicate}")
        return f"COALESCE({' && '.join(parts) or 'true'}, false)"

    # -- shapes -----------------------------------------------------------------------------

    def _check_predicates(self, shape: Node, allowed: set[URIRef]) -> None:
        for predicate in set(self.shapes.predicates(shape)):
            if predicate in allowed or predicate in INERT or predicate in self.custom:
                continue
            if str(predicate).startswith(str(SH)):
                raise Unsupported(f"{predicate} on {shape}")
        if _is_true(_only(self.shapes, shape, SH.deactivated)):
            raise Unsupported(f"deactivated shape {shape}")
        if _is_true(_only(self.shapes, shape, SH.qualifiedValueShapesDisjoint)):
            raise Unsupported("sh:qualifiedValueShapesDisjoint")

    def _value_check(
        self, shape: Node, targets: str, value_pattern: str, path_node: Node | None
    ) -> Check | None:
        tests: list[Test] = []
        binds: list[str] = []
        for predicate, value in sorted(self.shapes.predicate_objects(shape)):
            if not isinstance(predicate, URIRef) or predicate not in VALUE_PARAMETERS:
                continue
            variable = f"ok{len(tests)}"
            condition = self.condition(shape, predicate, value, "?value", 0)
            binds.append(f"BIND (COALESCE({condition}, false) AS ?{variable})")
            tests.append(Test(VALUE_PARAMETERS[predicate], variable))
        if not tests:
            return None
        failing = " || ".join(f"!?{t.variable}" for t in tests)
        query = (
            f"SELECT DISTINCT ?this ?value {' '.join('?' + t.variable for t in tests)} WHERE {{\n"
            f"  {targets}\n  {value_pattern}\n  "
            + "\n  ".join(binds)
            + f"\n  FILTER ({failing})\n}}"
        )
        return Check(
            "values",
            shape,
            query,
            _severity(self.shapes, shape),
            _messages(self.shapes, shape),
            path_node,
            tuple(tests),
        )

    def _count_check(
        self, shape: Node, targets: str, path_text: str, path_node: Node
    ) -> Check | None:
        counts = [
            *self._value_count(shape),
            *self._qualified_count(shape),
            *self._has_value_counts(shape),
        ]
        tests = tuple(test for count in counts for test in count.tests)
        if not tests:
            return None
        projections = " ".join(count.projection() for count in counts)
        binds = [count.bind for count in counts if count.bind is not None]
        failing = " || ".join(failure for count in counts for failure in count.failures())
        query = (
            f"SELECT ?this {projections} WHERE {{\n  {targets}\n"
            f"  OPTIONAL {{ ?this {path_text} ?v . }}\n  "
            + "\n  ".join(binds)
            + f"\n}} GROUP BY ?this HAVING ({failing})"
        )
        return Check(
            "counts",
            shape,
            query,
            _severity(self.shapes, shape),
            _messages(self.shapes, shape),
            path_node,
            tests,
        )

    def _value_count(self, shape: Node) -> list[Count]:
        """Count the values, for sh:minCount and sh:maxCount."""
        least = _integer(_only(self.shapes, shape, SH.minCount))
        most = _integer(_only(self.shapes, shape, SH.maxCount))
        if least is None and most is None:
            return []
        tests = _count_tests(
            "n",
            least,
            most,
            too_few=SH.MinCountConstraintComponent,
            too_many=SH.MaxCountConstraintComponent,
        )
        return [Count("n", "COUNT(DISTINCT ?v)", tests)]

    def _qualified_count(self, shape: Node) -> list[Count]:
        """Count the values that conform to the sh:qualifiedValueShape."""
        qualified = _only(self.shapes, shape, SH.qualifiedValueShape)
        if qualified is None:
            return []
        least = _integer(_only(self.shapes, shape, SH.qualifiedMinCount))
        most = _integer(_only(self.shapes, shape, SH.qualifiedMaxCount))
        conforming = self.conforms(qualified, "?v", 1)
        # COUNT skips unbound values: ?q leaves the values that do not conform unbound
        bind = f"BIND (IF(BOUND(?v) && {conforming}, ?v, ?_unbound) AS ?q)"
        tests = _count_tests(
            "nq",
            least,
            most,
            too_few=SH.QualifiedMinCountConstraintComponent,
            too_many=SH.QualifiedMaxCountConstraintComponent,
        )
        return [Count("nq", "COUNT(DISTINCT ?q)", tests, bind)]

    def _has_value_counts(self, shape: Node) -> list[Count]:
        """Count the values equal to each sh:hasValue (a focus node with none fails)."""
        counts = []
        for number, value in enumerate(_sorted(self.shapes.objects(shape, SH.hasValue))):
            variable = f"h{number}"
            bind = f"BIND (IF(BOUND(?v) && sameTerm(?v, {term(value)}), 1, 0) AS ?{variable}_)"
            test = Test(SH.HasValueConstraintComponent, variable, fails_below=1)
            counts.append(Count(variable, f"SUM(?{variable}_)", (test,), bind))
        return counts

    def _unique_lang_check(
        self, shape: Node, targets: str, path_text: str, path_node: Node
    ) -> Check | None:
        if not _is_true(_only(self.shapes, shape, SH.uniqueLang)):
            return None
        query = (
            f"SELECT ?this ?lang WHERE {{\n  {targets}\n  ?this {path_text} ?v .\n"
            '  FILTER (isLiteral(?v) && lang(?v) != "")\n  BIND (LCASE(lang(?v)) AS ?lang)\n'
            "} GROUP BY ?this ?lang HAVING (COUNT(DISTINCT ?v) > 1)"
        )
        return Check(
            "unique-lang",
            shape,
            query,
            _severity(self.shapes, shape),
            _messages(self.shapes, shape),
            path_node,
            component=SH.UniqueLangConstraintComponent,
        )

    def _sparql_checks(self, shape: Node, targets: str) -> list[Check]:
        checks = []
        for constraint in self.shapes.objects(shape, SH.sparql):
            if _is_true(_only(self.shapes, constraint, SH.deactivated)):
                raise Unsupported("deactivated SPARQL constraint")
            select = _only(self.shapes, constraint, SH.select)
            if select is None:
                raise Unsupported("a SPARQL constraint without sh:select")
            query = rewrite_select(str(select), self._prefixes(constraint), targets, {})
            messages = _messages(self.shapes, constraint) or _messages(self.shapes, shape)
            checks.append(
                Check(
                    "sparql",
                    shape,
                    query,
                    _severity(self.shapes, shape),
                    messages,
                    None,
                    source_constraint=constraint,
                    component=SH.SPARQLConstraintComponent,
                )
            )
        return checks

    def _custom_checks(
        self, shape: Node, targets: str, path_text: str, path_node: Node
    ) -> list[Check]:
        checks = []
        done: set[Node] = set()
        for predicate in set(self.shapes.predicates(shape)):
            if not isinstance(predicate, URIRef) or predicate not in self.custom:
                continue
            component, parameters = self.custom[predicate]
            if component in done:
                continue
            done.add(component)
            if len(parameters) != 1:
                raise Unsupported(f"{component} has several parameters")
            validators = list(self.shapes.objects(component, SH.propertyValidator))
            validators += list(self.shapes.objects(component, SH.validator))
            if len(validators) != 1:
                raise Unsupported(f"{component} needs exactly one property validator")
            validator = validators[0]
            select = _only(self.shapes, validator, SH.select)
            if select is None:
                raise Unsupported(f"{component}'s validator is not a SELECT validator")
            name = str(predicate).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            messages = (
                _messages(self.shapes, shape)
                or _messages(self.shapes, validator)
                or _messages(self.shapes, component)
            )
            for value in _sorted(self.shapes.objects(shape, predicate)):
                query = rewrite_select(
                    str(select).replace("$PATH", path_text),
                    self._prefixes(validator),
                    targets,
                    {name: term(value)},
                )
                if not isinstance(component, URIRef):
                    raise Unsupported("a blank-node constraint component")
                checks.append(
                    Check(
                        "sparql",
                        shape,
                        query,
                        _severity(self.shapes, shape),
                        messages,
                        path_node,
                        component=component,
                    )
                )
        return checks

    def node_shape(self, shape: Node) -> list[Check]:
        """Compile a top-level node shape with its property shapes."""
        if (shape, SH.path, None) in self.shapes:
            raise Unsupported("a property shape with its own targets")
        self._check_predicates(shape, set(VALUE_PARAMETERS))
        for predicate in self.shapes.predicates(shape):
            if predicate in self.custom:
                raise Unsupported(f"custom component {predicate} on a node shape")
        targets = self.targets(shape)
        checks: list[Check] = []
        check = self._value_check(shape, targets, "BIND (?this AS ?value)", None)
        if check is not None:
            checks.append(check)
        checks += self._sparql_checks(shape, targets)
        for property_shape in self.shapes.objects(shape, SH.property):
            checks += self.property_shape(property_shape, targets)
        return checks

    def property_shape(self, shape: Node, targets: str) -> list[Check]:
        """Compile a property shape for the focus nodes its node shape targets."""
        self._check_predicates(shape, set(VALUE_PARAMETERS) | COUNT_PARAMETERS | {SH.uniqueLang})
        if (shape, SH.property, None) in self.shapes or (shape, SH.sparql, None) in self.shapes:
            raise Unsupported("sh:property or sh:sparql on a property shape")
        path_node = _only(self.shapes, shape, SH.path)
        if path_node is None:
            raise Unsupported(f"property shape {shape} without sh:path")
        path_text = path(self.shapes, path_node)
        candidates = [
            self._value_check(shape, targets, f"?this {path_text} ?value .", path_node),
            self._count_check(shape, targets, path_text, path_node),
            self._unique_lang_check(shape, targets, path_text, path_node),
        ]
        checks = [c for c in candidates if c is not None]
        return checks + self._custom_checks(shape, targets, path_text, path_node)


def top_level_shapes(shapes: Graph) -> list[Node]:
    """Return the shapes that select focus nodes themselves (targets or implicit class targets)."""
    found: set[Node] = set()
    for predicate in (*TARGETS, SH.target):
        found.update(shapes.subjects(predicate, None))
    for shape_class in (SH.NodeShape, SH.PropertyShape):
        for shape in shapes.subjects(RDF.type, shape_class):
            if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
                found.add(shape)
    return sorted(found, key=lambda s: (isinstance(s, BNode), str(s)))


def compile_shapes(shapes: Graph) -> Compilation:
    """Compile every top-level shape; record the ones left to pySHACL and why."""
    compiler = ShapeCompiler(shapes)
    compilation = Compilation(top_level=top_level_shapes(shapes))
    for shape in compilation.top_level:
        try:
            compilation.checks += compiler.node_shape(shape)
        except Unsupported as reason:
            compilation.unsupported[shape] = str(reason)
    return compilation
