//! Builds the schema half of the [`Model`] from every `xs:schema` loaded.
//!
//! 1. Units: each schema element with its effective target namespace. A
//!    schema without `targetNamespace` that is only reached by
//!    `xs:include`/`xs:redefine` is a chameleon: it becomes one unit per
//!    including namespace, and its unqualified references take that namespace.
//! 2. Registration: every global component gets an id and a name.
//!    `xs:redefine` overrides replace the originals afterwards (a redefined
//!    type's self-named base resolves to the original).
//! 3. Bodies: each registered component is filled in; local elements,
//!    attributes and anonymous types are created on the way.

use super::xml::{children_in, documentation, flag, is, qname, qname_value, span, value_scope};
use super::*;
use crate::diag::{Code, Diagnostic, Span};
use crate::load::{DocKind, RefKind};
use crate::media::{parse_ranges, MediaAnnotation};
use crate::names::ns;
use crate::source::FileId;
use roxmltree::Node;
use std::collections::HashSet;

#[derive(Clone)]
struct Unit<'a> {
    file: FileId,
    node: Node<'a, 'a>,
    tns: String,
    chameleon: bool,
    element_qualified: bool,
    attribute_qualified: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Global {
    Element(ElementId),
    Type(TypeId),
    Attribute(AttributeId),
    Group(GroupId),
    AttributeGroup(AttributeGroupId),
}

struct Builder<'p, 'a> {
    parsed: &'a Parsed<'a>,
    model: &'p mut Model,
    diags: &'p mut Diagnostics,
    units: Vec<Unit<'a>>,
    queue: Vec<(Global, usize, Node<'a, 'a>)>,
    /// While an override is built: the name it redefines, and the
    /// definition it replaced, which a reference to that name inside it
    /// means.
    redefining: Option<(QName, Option<Global>)>,
    /// The definition each override replaced (by the override's id): in a
    /// chain of redefines each refers to the one before it.
    override_originals: HashMap<Global, Global>,
    /// Elements without a type of their own that take their head's type.
    type_from_head: Vec<ElementId>,
}

pub(super) fn build<'a>(parsed: &'a Parsed<'a>, model: &mut Model, diags: &mut Diagnostics) {
    let mut b = Builder {
        parsed,
        model,
        diags,
        units: Vec::new(),
        queue: Vec::new(),
        redefining: None,
        override_originals: HashMap::new(),
        type_from_head: Vec::new(),
    };
    b.collect_units();
    let mut overrides = Vec::new();
    for i in 0..b.units.len() {
        b.register_unit(i, &mut overrides);
    }
    // Innermost first: in A redefines B redefines C, B's override replaces
    // C's definition and A's replaces B's (units are found outermost
    // first).
    for (unit, node) in overrides.into_iter().rev() {
        b.register_override(unit, node);
    }
    let queue = std::mem::take(&mut b.queue);
    for (global, unit, node) in queue {
        b.fill(global, unit, node);
    }
    b.inherit_head_types();
    let mut namespaces: Vec<String> = b.units.iter().map(|u| u.tns.clone()).collect();
    namespaces.sort();
    namespaces.dedup();
    b.model.schema_namespaces = namespaces;
}

impl<'p, 'a> Builder<'p, 'a> {
    fn sp(&self, unit: usize, node: Node<'_, '_>) -> Span {
        span(self.parsed, self.units[unit].file, node)
    }

    fn collect_units(&mut self) {
        let sources = self.parsed.sources;
        // Documents reached only by include/redefine are chameleon candidates.
        let mut reached_otherwise: HashSet<FileId> = sources.roots.iter().copied().collect();
        for e in &sources.edges {
            if let (Some(t), RefKind::Import | RefKind::WsdlImport) = (e.target, e.kind) {
                reached_otherwise.insert(t);
            }
        }
        let mut work: Vec<Unit<'a>> = Vec::new();
        for (id, _) in sources.files.iter() {
            let Some(doc) = self.parsed.doc(id) else {
                continue;
            };
            let root = doc.root_element();
            match sources.kinds[id.index()] {
                DocKind::Wsdl => {
                    for types in root.children().filter(|n| is(*n, ns::WSDL, "types")) {
                        for schema in types.children().filter(|n| is(*n, ns::XS, "schema")) {
                            work.push(unit_for(id, schema, None));
                        }
                    }
                }
                DocKind::Xsd => {
                    let has_tns = root.attribute("targetNamespace").is_some();
                    if has_tns || reached_otherwise.contains(&id) {
                        work.push(unit_for(id, root, None));
                    }
                }
                DocKind::Unusable => {}
            }
        }
        let mut seen: HashSet<(FileId, usize, String)> = HashSet::new();
        while let Some(unit) = work.pop() {
            if !seen.insert((unit.file, unit.node.range().start, unit.tns.clone())) {
                continue;
            }
            for child in unit
                .node
                .children()
                .filter(|n| is(*n, ns::XS, "include") || is(*n, ns::XS, "redefine"))
            {
                let Some(edge) = sources.edge_at(unit.file, child.range().start as u32) else {
                    continue;
                };
                let Some(target) = edge.target else { continue };
                let Some(doc) = self.parsed.doc(target) else {
                    continue;
                };
                let root = doc.root_element();
                if !is(root, ns::XS, "schema") {
                    continue;
                }
                match root.attribute("targetNamespace") {
                    None => work.push(unit_for(target, root, Some(&unit.tns))),
                    Some(t) if t != unit.tns => {
                        self.diags.push(
                            Diagnostic::error(
                                Code::InvalidSchema,
                                Some(span(self.parsed, unit.file, child)),
                                format!("included schema has targetNamespace `{t}`, the including schema `{}`", unit.tns),
                            )
                            .with_hint("use xs:import for a schema of another namespace"),
                        );
                    }
                    Some(_) => work.push(unit_for(target, root, None)),
                }
            }
            self.units.push(unit);
        }
        // Deterministic order: by file, then position.
        self.units.sort_by(|a, b| {
            (a.file, a.node.range().start, &a.tns).cmp(&(b.file, b.node.range().start, &b.tns))
        });
    }

    fn register_unit(&mut self, unit: usize, overrides: &mut Vec<(usize, Node<'a, 'a>)>) {
        let node = self.units[unit].node;
        for child in children_in(node, ns::XS) {
            match child.tag_name().name() {
                "redefine" | "override" => {
                    for o in
                        children_in(child, ns::XS).filter(|n| n.tag_name().name() != "annotation")
                    {
                        overrides.push((unit, o));
                    }
                }
                "element" | "complexType" | "simpleType" | "attribute" | "group"
                | "attributeGroup" => {
                    self.register(unit, child);
                }
                _ => {}
            }
        }
    }

    fn global_name(&mut self, unit: usize, node: Node<'a, 'a>) -> Option<QName> {
        match node.attribute("name") {
            Some(n) => Some(QName::new(self.units[unit].tns.clone(), n.trim())),
            None => {
                let sp = self.sp(unit, node);
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidSchema,
                        Some(sp),
                        format!("global xs:{} without a name", node.tag_name().name()),
                    )
                    .with_hint("give it a name= attribute"),
                );
                None
            }
        }
    }

    fn duplicate(&mut self, unit: usize, node: Node<'a, 'a>, name: &QName, first: Span) {
        // Copies of a well-known namespace (a built-in, a local copy, an inline
        // definition) are the same thing.
        let files = &self.parsed.sources.files;
        let builtin = |f: FileId| matches!(files.get(f).origin, crate::source::Origin::Builtin(_));
        let well_known = crate::load::builtin::by_namespace(&name.ns).is_some();
        if well_known || builtin(first.file) || builtin(self.units[unit].file) {
            return;
        }
        let sp = self.sp(unit, node);
        self.diags.push(
            Diagnostic::warning(
                Code::Duplicate,
                Some(sp),
                format!(
                    "{} `{name}` is defined more than once; the first definition is used",
                    node.tag_name().name()
                ),
            )
            .with_hint("remove the duplicate definition"),
        );
    }

    fn register(&mut self, unit: usize, node: Node<'a, 'a>) -> Option<Global> {
        let name = self.global_name(unit, node)?;
        let sp = self.sp(unit, node);
        let global = match node.tag_name().name() {
            "element" => {
                if let Some(first) = self.model.global_elements.get(&name) {
                    let first = self.model.elements[*first].span;
                    self.duplicate(unit, node, &name, first);
                    return None;
                }
                let id = self
                    .model
                    .elements
                    .push(placeholder_element(name.clone(), sp, true));
                self.model.global_elements.insert(name, id);
                Global::Element(id)
            }
            "complexType" | "simpleType" => {
                if let Some(first) = self.model.global_types.get(&name) {
                    let first = self.model.types[*first].span;
                    self.duplicate(unit, node, &name, first);
                    return None;
                }
                let id = self
                    .model
                    .types
                    .push(placeholder_type(Some(name.clone()), sp));
                self.model.global_types.insert(name, id);
                Global::Type(id)
            }
            "attribute" => {
                if let Some(first) = self.model.global_attributes.get(&name) {
                    let first = self.model.attributes[*first].span;
                    self.duplicate(unit, node, &name, first);
                    return None;
                }
                let id = self.model.attributes.push(AttributeDecl {
                    name: name.clone(),
                    span: sp,
                    type_ref: TypeRef::Builtin(BuiltinType::AnySimpleType),
                    default: None,
                    fixed: None,
                    value_scope: None,
                    global: true,
                });
                self.model.global_attributes.insert(name, id);
                Global::Attribute(id)
            }
            "group" => {
                if let Some(first) = self.model.global_groups.get(&name) {
                    let first = self.model.groups[*first].span;
                    self.duplicate(unit, node, &name, first);
                    return None;
                }
                let id = self.model.groups.push(GroupDef {
                    name: name.clone(),
                    span: sp,
                    group: None,
                });
                self.model.global_groups.insert(name, id);
                Global::Group(id)
            }
            "attributeGroup" => {
                if let Some(first) = self.model.global_attribute_groups.get(&name) {
                    let first = self.model.attribute_groups[*first].span;
                    self.duplicate(unit, node, &name, first);
                    return None;
                }
                let id = self.model.attribute_groups.push(AttributeGroupDef {
                    name: name.clone(),
                    span: sp,
                    attributes: Vec::new(),
                    any_attribute: None,
                });
                self.model.global_attribute_groups.insert(name, id);
                Global::AttributeGroup(id)
            }
            _ => return None,
        };
        self.queue.push((global, unit, node));
        Some(global)
    }

    fn register_override(&mut self, unit: usize, node: Node<'a, 'a>) {
        let Some(name) = self.global_name(unit, node) else {
            return;
        };
        // Move the original aside so the override takes the name.
        let original = match node.tag_name().name() {
            "complexType" | "simpleType" => self.model.global_types.remove(&name).map(Global::Type),
            "group" => self.model.global_groups.remove(&name).map(Global::Group),
            "attributeGroup" => self
                .model
                .global_attribute_groups
                .remove(&name)
                .map(Global::AttributeGroup),
            _ => None,
        };
        if let (Some(new), Some(original)) = (self.register(unit, node), original) {
            self.override_originals.insert(new, original);
        }
    }

    fn fill(&mut self, global: Global, unit: usize, node: Node<'a, 'a>) {
        let redefining = node
            .parent()
            .is_some_and(|p| is(p, ns::XS, "redefine") || is(p, ns::XS, "override"));
        if redefining {
            let original = self.override_originals.get(&global).copied();
            self.redefining = node
                .attribute("name")
                .map(|n| (QName::new(self.units[unit].tns.clone(), n), original));
        }
        match global {
            Global::Element(id) => self.fill_element(unit, node, id, true),
            Global::Type(id) => self.fill_type(unit, node, id),
            Global::Attribute(id) => self.fill_attribute(unit, node, id),
            Global::Group(id) => {
                let group = children_in(node, ns::XS)
                    .find(|n| matches!(n.tag_name().name(), "sequence" | "choice" | "all"))
                    .map(|g| self.model_group(unit, g));
                self.model.groups.get_mut(id).group = group;
            }
            Global::AttributeGroup(id) => {
                let (attributes, any_attribute) = self.attr_items(unit, node);
                let g = self.model.attribute_groups.get_mut(id);
                g.attributes = attributes;
                g.any_attribute = any_attribute;
            }
        }
        self.redefining = None;
    }

    // ---- references ------------------------------------------------------

    /// `Some` while the override of `name` is built: the definition it
    /// replaced, which `name` means inside it (`None` when there was none).
    fn redefined(&self, name: &QName) -> Option<Option<Global>> {
        match &self.redefining {
            Some((n, original)) if n == name => Some(*original),
            _ => None,
        }
    }

    /// The including schema's namespace, when `unit` is a chameleon include.
    fn chameleon(&self, unit: usize) -> Option<&str> {
        let u = &self.units[unit];
        u.chameleon.then_some(u.tns.as_str())
    }

    fn qname_attr(&mut self, unit: usize, node: Node<'a, 'a>, attr: &str) -> Option<QName> {
        let value = node.attribute(attr)?;
        let u = &self.units[unit];
        let chameleon = u.chameleon.then_some(u.tns.as_str());
        qname(self.parsed, u.file, node, value, chameleon, self.diags)
    }

    fn resolve_type_name(&mut self, unit: usize, node: Node<'a, 'a>, name: QName) -> TypeRef {
        if name.ns == ns::XS {
            if let Some(b) = BuiltinType::from_local(&name.local) {
                return TypeRef::Builtin(b);
            }
        }
        if let Some(Some(Global::Type(orig))) = self.redefined(&name) {
            return TypeRef::Def(orig);
        }
        if let Some(id) = self.model.global_types.get(&name) {
            return TypeRef::Def(*id);
        }
        let sp = self.sp(unit, node);
        let hint = self.missing_hint(&name.ns, "type");
        self.diags.push(
            Diagnostic::error(
                Code::UnresolvedType,
                Some(sp),
                format!("type `{name}` is not defined"),
            )
            .with_hint(hint),
        );
        TypeRef::Unresolved(name)
    }

    fn type_attr(&mut self, unit: usize, node: Node<'a, 'a>, attr: &str) -> Option<TypeRef> {
        let name = self.qname_attr(unit, node, attr)?;
        Some(self.resolve_type_name(unit, node, name))
    }

    fn missing_hint(&self, namespace: &str, what: &str) -> String {
        if namespace == ns::XS {
            return format!("`{what}` names in the XML Schema namespace are the built-in datatypes; check the spelling");
        }
        if self.units.iter().any(|u| u.tns == namespace) {
            format!("no {what} of that name in namespace `{namespace}`; check the spelling or the prefix")
        } else {
            format!("no schema for namespace `{namespace}` was loaded: add an xs:import with a schemaLocation, or map the namespace in an XML catalog (--catalog)")
        }
    }

    fn element_ref(&mut self, unit: usize, node: Node<'a, 'a>, attr: &str) -> Option<ElementId> {
        let name = self.qname_attr(unit, node, attr)?;
        if let Some(id) = self.model.global_elements.get(&name) {
            return Some(*id);
        }
        let sp = self.sp(unit, node);
        let hint = self.missing_hint(&name.ns, "element");
        self.diags.push(
            Diagnostic::error(
                Code::UnresolvedElement,
                Some(sp),
                format!("element `{name}` is not declared"),
            )
            .with_hint(hint),
        );
        None
    }

    // ---- elements ------------------------------------------------------

    fn fill_element(&mut self, unit: usize, node: Node<'a, 'a>, id: ElementId, global: bool) {
        let doc = documentation(node);
        let mut has_type = true;
        let type_ref = if node.attribute("type").is_some() {
            self.type_attr(unit, node, "type")
                .unwrap_or(TypeRef::Builtin(BuiltinType::AnyType))
        } else if let Some(anon) = children_in(node, ns::XS)
            .find(|n| matches!(n.tag_name().name(), "complexType" | "simpleType"))
        {
            TypeRef::Def(self.anonymous_type(unit, anon))
        } else {
            has_type = false;
            TypeRef::Builtin(BuiltinType::AnyType)
        };
        let mut heads = Vec::new();
        if let Some(value) = node.attribute("substitutionGroup") {
            // XSD 1.1 allows a list; 1.0 one name. Accept both.
            for part in value.split_whitespace() {
                let u = &self.units[unit];
                let chameleon = u.chameleon.then_some(u.tns.as_str());
                let Some(name) = qname(self.parsed, u.file, node, part, chameleon, self.diags)
                else {
                    continue;
                };
                match self.model.global_elements.get(&name) {
                    Some(h) => heads.push(*h),
                    None => {
                        let sp = self.sp(unit, node);
                        let hint = self.missing_hint(&name.ns, "element");
                        self.diags.push(
                            Diagnostic::error(
                                Code::UnresolvedElement,
                                Some(sp),
                                format!("substitution group head `{name}` is not declared"),
                            )
                            .with_hint(hint),
                        );
                    }
                }
            }
        }
        for h in &heads {
            self.model.substitutions.entry(*h).or_default().push(id);
        }
        if !has_type && !heads.is_empty() {
            self.type_from_head.push(id);
        }
        let expected = self.media_annotation(unit, node);
        let value_scope = value_scope_of(node, self.chameleon(unit));
        let e = self.model.elements.get_mut(id);
        e.doc = doc;
        e.type_ref = type_ref;
        e.global = global;
        e.nillable = flag(node, "nillable");
        e.is_abstract = flag(node, "abstract");
        e.default = node.attribute("default").map(str::to_string);
        e.fixed = node.attribute("fixed").map(str::to_string);
        e.value_scope = value_scope;
        e.substitution_group = heads;
        e.block = node.attribute("block").map(str::to_string);
        e.final_ = node.attribute("final").map(str::to_string);
        e.expected_content_types = expected;
    }

    fn inherit_head_types(&mut self) {
        // Heads may themselves inherit: iterate until nothing changes (bounded).
        for _ in 0..16 {
            let mut changed = false;
            for id in self.type_from_head.clone() {
                let head = self.model.elements[id].substitution_group.first().copied();
                if let Some(h) = head {
                    let t = self.model.elements[h].type_ref.clone();
                    if self.model.elements[id].type_ref != t {
                        self.model.elements.get_mut(id).type_ref = t;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }

    fn local_element(&mut self, unit: usize, node: Node<'a, 'a>) -> Option<ElementId> {
        if node.attribute("ref").is_some() {
            return self.element_ref(unit, node, "ref");
        }
        let Some(local) = node.attribute("name") else {
            let sp = self.sp(unit, node);
            self.diags.push(
                Diagnostic::error(
                    Code::InvalidSchema,
                    Some(sp),
                    "local xs:element without name or ref",
                )
                .with_hint("give it name= (and a type) or ref= to a global element"),
            );
            return None;
        };
        let u = &self.units[unit];
        let qualified = match node.attribute("form") {
            Some("qualified") => true,
            Some(_) => false,
            None => u.element_qualified,
        };
        let ns_ = if qualified {
            u.tns.clone()
        } else {
            String::new()
        };
        let sp = self.sp(unit, node);
        let id = self.model.elements.push(placeholder_element(
            QName::new(ns_, local.trim()),
            sp,
            false,
        ));
        self.fill_element(unit, node, id, false);
        Some(id)
    }

    // ---- particles -----------------------------------------------------

    fn occurs(&mut self, unit: usize, node: Node<'a, 'a>) -> (u32, MaxOccurs) {
        let bad = |b: &mut Self, attr: &str, v: &str| {
            let sp = b.sp(unit, node);
            b.diags.push(
                Diagnostic::error(
                    Code::InvalidSchema,
                    Some(sp),
                    format!("{attr}=\"{v}\" is not a non-negative integer"),
                )
                .with_hint("use a number (or `unbounded` for maxOccurs)"),
            );
        };
        let min = match node.attribute("minOccurs").map(str::trim) {
            None => 1,
            Some(v) => v.parse().unwrap_or_else(|_| {
                bad(self, "minOccurs", v);
                1
            }),
        };
        let max = match node.attribute("maxOccurs").map(str::trim) {
            None => MaxOccurs::Bounded(1),
            Some("unbounded") => MaxOccurs::Unbounded,
            Some(v) => match v.parse::<u64>() {
                Ok(n) => MaxOccurs::Bounded(u32::try_from(n).unwrap_or(u32::MAX)),
                Err(_) => {
                    bad(self, "maxOccurs", v);
                    MaxOccurs::Bounded(1)
                }
            },
        };
        (min, max)
    }

    fn particle(&mut self, unit: usize, node: Node<'a, 'a>) -> Option<Particle> {
        let (min, max) = self.occurs(unit, node);
        let term = match node.tag_name().name() {
            "element" => self
                .local_element(unit, node)
                .map(Term::Element)
                .unwrap_or(Term::Unresolved),
            "sequence" | "choice" | "all" => Term::Group(self.model_group(unit, node)),
            "group" => match self.qname_attr(unit, node, "ref") {
                Some(name) => {
                    let found = match self.redefined(&name) {
                        Some(Some(Global::Group(g))) => Some(g),
                        Some(_) => None,
                        None => self.model.global_groups.get(&name).copied(),
                    };
                    match found {
                        Some(g) => Term::GroupRef(g),
                        None => {
                            let sp = self.sp(unit, node);
                            let hint = self.missing_hint(&name.ns, "group");
                            self.diags.push(
                                Diagnostic::error(
                                    Code::UnresolvedGroup,
                                    Some(sp),
                                    format!("group `{name}` is not defined"),
                                )
                                .with_hint(hint),
                            );
                            Term::Unresolved
                        }
                    }
                }
                None => Term::Unresolved,
            },
            "any" => Term::Any(wildcard(node, &self.units[unit].tns)),
            _ => return None,
        };
        Some(Particle { min, max, term })
    }

    fn model_group(&mut self, unit: usize, node: Node<'a, 'a>) -> ModelGroup {
        let compositor = match node.tag_name().name() {
            "choice" => Compositor::Choice,
            "all" => Compositor::All,
            _ => Compositor::Sequence,
        };
        let mut particles = Vec::new();
        for child in children_in(node, ns::XS) {
            if let Some(p) = self.particle(unit, child) {
                particles.push(p);
            }
        }
        ModelGroup {
            compositor,
            particles,
        }
    }

    // ---- types ---------------------------------------------------------

    fn anonymous_type(&mut self, unit: usize, node: Node<'a, 'a>) -> TypeId {
        let sp = self.sp(unit, node);
        let id = self.model.types.push(placeholder_type(None, sp));
        self.fill_type(unit, node, id);
        id
    }

    fn fill_type(&mut self, unit: usize, node: Node<'a, 'a>, id: TypeId) {
        let doc = documentation(node);
        let mut expected = self.media_annotation(unit, node);
        let kind = if node.tag_name().name() == "simpleType" {
            TypeKind::Simple(self.simple_type(unit, node))
        } else {
            let (ct, ext_expected) = self.complex_type(unit, node);
            expected = expected.or(ext_expected);
            TypeKind::Complex(ct)
        };
        let t = self.model.types.get_mut(id);
        t.doc = doc;
        t.kind = kind;
        t.expected_content_types = expected;
    }

    fn simple_type(&mut self, unit: usize, node: Node<'a, 'a>) -> SimpleType {
        let final_ = node.attribute("final").map(str::to_string);
        for child in children_in(node, ns::XS) {
            match child.tag_name().name() {
                "restriction" => {
                    let base = self.base_of(unit, child);
                    let facets = facets(child, self.chameleon(unit));
                    return SimpleType {
                        variety: SimpleVariety::Restriction { base },
                        facets,
                        final_,
                    };
                }
                "list" => {
                    let item = if child.attribute("itemType").is_some() {
                        self.type_attr(unit, child, "itemType")
                            .unwrap_or(TypeRef::Builtin(BuiltinType::AnySimpleType))
                    } else if let Some(st) =
                        children_in(child, ns::XS).find(|n| n.tag_name().name() == "simpleType")
                    {
                        TypeRef::Def(self.anonymous_type(unit, st))
                    } else {
                        TypeRef::Builtin(BuiltinType::AnySimpleType)
                    };
                    return SimpleType {
                        variety: SimpleVariety::List { item },
                        facets: Facets::default(),
                        final_,
                    };
                }
                "union" => {
                    let mut members = Vec::new();
                    if let Some(list) = child.attribute("memberTypes") {
                        for m in list.split_whitespace() {
                            let u = &self.units[unit];
                            let chameleon = u.chameleon.then_some(u.tns.as_str());
                            if let Some(name) =
                                qname(self.parsed, u.file, child, m, chameleon, self.diags)
                            {
                                members.push(self.resolve_type_name(unit, child, name));
                            }
                        }
                    }
                    for st in
                        children_in(child, ns::XS).filter(|n| n.tag_name().name() == "simpleType")
                    {
                        members.push(TypeRef::Def(self.anonymous_type(unit, st)));
                    }
                    return SimpleType {
                        variety: SimpleVariety::Union { members },
                        facets: Facets::default(),
                        final_,
                    };
                }
                _ => {}
            }
        }
        let sp = self.sp(unit, node);
        self.diags.push(
            Diagnostic::error(
                Code::InvalidSchema,
                Some(sp),
                "xs:simpleType without restriction, list or union",
            )
            .with_hint("add an xs:restriction base=\"...\""),
        );
        SimpleType {
            variety: SimpleVariety::Restriction {
                base: TypeRef::Builtin(BuiltinType::AnySimpleType),
            },
            facets: Facets::default(),
            final_,
        }
    }

    /// `base=` or an anonymous `xs:simpleType` child of a restriction.
    fn base_of(&mut self, unit: usize, node: Node<'a, 'a>) -> TypeRef {
        if node.attribute("base").is_some() {
            return self
                .type_attr(unit, node, "base")
                .unwrap_or(TypeRef::Builtin(BuiltinType::AnyType));
        }
        if let Some(st) = children_in(node, ns::XS).find(|n| n.tag_name().name() == "simpleType") {
            return TypeRef::Def(self.anonymous_type(unit, st));
        }
        let sp = self.sp(unit, node);
        self.diags.push(
            Diagnostic::error(
                Code::InvalidSchema,
                Some(sp),
                format!("xs:{} without a base", node.tag_name().name()),
            )
            .with_hint("add base=\"...\""),
        );
        TypeRef::Builtin(BuiltinType::AnyType)
    }

    fn complex_type(
        &mut self,
        unit: usize,
        node: Node<'a, 'a>,
    ) -> (ComplexType, Option<MediaAnnotation>) {
        let mut ct = ComplexType {
            is_abstract: flag(node, "abstract"),
            mixed: flag(node, "mixed"),
            content: ComplexContent::Complex {
                derivation: None,
                particle: None,
            },
            attributes: Vec::new(),
            any_attribute: None,
            block: node.attribute("block").map(str::to_string),
            final_: node.attribute("final").map(str::to_string),
        };
        let mut expected = None;
        let mut attr_owner = node;
        for child in children_in(node, ns::XS) {
            match child.tag_name().name() {
                "simpleContent" => {
                    if let Some(d) = children_in(child, ns::XS)
                        .find(|n| matches!(n.tag_name().name(), "extension" | "restriction"))
                    {
                        let derivation = derivation_of(d);
                        let base = self.base_of_content(unit, d);
                        expected = self.media_annotation(unit, d);
                        ct.content = ComplexContent::Simple {
                            derivation,
                            base,
                            facets: facets(d, self.chameleon(unit)),
                        };
                        attr_owner = d;
                    }
                }
                "complexContent" => {
                    if flag(child, "mixed") {
                        ct.mixed = true;
                    }
                    if let Some(d) = children_in(child, ns::XS)
                        .find(|n| matches!(n.tag_name().name(), "extension" | "restriction"))
                    {
                        let derivation = derivation_of(d);
                        let base = self.base_of_content(unit, d);
                        let particle = children_in(d, ns::XS)
                            .find(|n| {
                                matches!(
                                    n.tag_name().name(),
                                    "sequence" | "choice" | "all" | "group"
                                )
                            })
                            .and_then(|p| self.particle(unit, p));
                        ct.content = ComplexContent::Complex {
                            derivation: Some((derivation, base)),
                            particle,
                        };
                        attr_owner = d;
                    }
                }
                "sequence" | "choice" | "all" | "group" => {
                    let particle = self.particle(unit, child);
                    ct.content = ComplexContent::Complex {
                        derivation: None,
                        particle,
                    };
                }
                _ => {}
            }
        }
        let (attributes, any_attribute) = self.attr_items(unit, attr_owner);
        ct.attributes = attributes;
        ct.any_attribute = any_attribute;
        (ct, expected)
    }

    fn base_of_content(&mut self, unit: usize, node: Node<'a, 'a>) -> TypeRef {
        match self.qname_attr(unit, node, "base") {
            Some(name) => self.resolve_type_name(unit, node, name),
            None => self.base_of(unit, node),
        }
    }

    // ---- attributes ----------------------------------------------------

    fn attr_items(
        &mut self,
        unit: usize,
        owner: Node<'a, 'a>,
    ) -> (Vec<AttrItem>, Option<Wildcard>) {
        let mut items = Vec::new();
        let mut any = None;
        for child in children_in(owner, ns::XS) {
            match child.tag_name().name() {
                "attribute" => {
                    if let Some(decl) = self.local_attribute(unit, child) {
                        let use_ = match child.attribute("use") {
                            Some("required") => AttributeUse::Required,
                            Some("prohibited") => AttributeUse::Prohibited,
                            _ => AttributeUse::Optional,
                        };
                        items.push(AttrItem::Attribute { decl, use_ });
                    }
                }
                "attributeGroup" => {
                    if let Some(name) = self.qname_attr(unit, child, "ref") {
                        let found = match self.redefined(&name) {
                            Some(Some(Global::AttributeGroup(g))) => Some(g),
                            Some(_) => None,
                            None => self.model.global_attribute_groups.get(&name).copied(),
                        };
                        match found {
                            Some(g) => items.push(AttrItem::Group(g)),
                            None => {
                                let sp = self.sp(unit, child);
                                let hint = self.missing_hint(&name.ns, "attributeGroup");
                                self.diags.push(
                                    Diagnostic::error(
                                        Code::UnresolvedAttributeGroup,
                                        Some(sp),
                                        format!("attributeGroup `{name}` is not defined"),
                                    )
                                    .with_hint(hint),
                                );
                            }
                        }
                    }
                }
                "anyAttribute" => any = Some(wildcard(child, &self.units[unit].tns)),
                _ => {}
            }
        }
        (items, any)
    }

    fn local_attribute(&mut self, unit: usize, node: Node<'a, 'a>) -> Option<AttributeId> {
        if node.attribute("ref").is_some() {
            let name = self.qname_attr(unit, node, "ref")?;
            if let Some(&id) = self.model.global_attributes.get(&name) {
                // `default=` / `fixed=` written on the reference belong to
                // this use: a copy of the declaration carries them.
                let (default, fixed) = (node.attribute("default"), node.attribute("fixed"));
                if default.is_none() && fixed.is_none() {
                    return Some(id);
                }
                let mut decl = self.model.attributes[id].clone();
                decl.global = false;
                decl.span = self.sp(unit, node);
                decl.default = default.map(str::to_string);
                decl.fixed = fixed.map(str::to_string);
                decl.value_scope = value_scope_of(node, self.chameleon(unit));
                return Some(self.model.attributes.push(decl));
            }
            let sp = self.sp(unit, node);
            let hint = self.missing_hint(&name.ns, "attribute");
            self.diags.push(
                Diagnostic::error(
                    Code::UnresolvedAttribute,
                    Some(sp),
                    format!("attribute `{name}` is not declared"),
                )
                .with_hint(hint),
            );
            return None;
        }
        let local = node.attribute("name")?;
        let u = &self.units[unit];
        let qualified = match node.attribute("form") {
            Some("qualified") => true,
            Some(_) => false,
            None => u.attribute_qualified,
        };
        let ns_ = if qualified {
            u.tns.clone()
        } else {
            String::new()
        };
        let sp = self.sp(unit, node);
        let id = self.model.attributes.push(AttributeDecl {
            name: QName::new(ns_, local.trim()),
            span: sp,
            type_ref: TypeRef::Builtin(BuiltinType::AnySimpleType),
            default: None,
            fixed: None,
            value_scope: None,
            global: false,
        });
        self.fill_attribute(unit, node, id);
        Some(id)
    }

    fn fill_attribute(&mut self, unit: usize, node: Node<'a, 'a>, id: AttributeId) {
        let type_ref = if node.attribute("type").is_some() {
            self.type_attr(unit, node, "type")
                .unwrap_or(TypeRef::Builtin(BuiltinType::AnySimpleType))
        } else if let Some(st) =
            children_in(node, ns::XS).find(|n| n.tag_name().name() == "simpleType")
        {
            TypeRef::Def(self.anonymous_type(unit, st))
        } else {
            TypeRef::Builtin(BuiltinType::AnySimpleType)
        };
        let value_scope = value_scope_of(node, self.chameleon(unit));
        let a = self.model.attributes.get_mut(id);
        a.type_ref = type_ref;
        a.default = node.attribute("default").map(str::to_string);
        a.fixed = node.attribute("fixed").map(str::to_string);
        a.value_scope = value_scope;
    }

    // ---- xmime ---------------------------------------------------------

    /// `xmime:expectedContentTypes` (2005/05, 2004/06) or `expectedMediaType`
    /// (2004/11) on a declaration (A1–A3).
    fn media_annotation(&mut self, unit: usize, node: Node<'a, 'a>) -> Option<MediaAnnotation> {
        let raw = node
            .attribute((ns::XMIME_2005, "expectedContentTypes"))
            .or_else(|| node.attribute((ns::XMIME_2004_06, "expectedContentTypes")))
            .or_else(|| node.attribute((ns::XMIME_2004_11, "expectedMediaType")))?;
        let sp = self.sp(unit, node);
        let ranges = match parse_ranges(raw) {
            Ok(r) => r,
            Err(why) => {
                self.diags.push(
                    Diagnostic::error(Code::BadMediaRange, Some(sp), format!("illegal xmime:expectedContentTypes=\"{raw}\": {why}"))
                        .with_hint("write media ranges such as `image/png`, `image/*` or `application/octet-stream`, comma-separated"),
                );
                Vec::new()
            }
        };
        Some(MediaAnnotation {
            raw: raw.to_string(),
            ranges,
            span: sp,
        })
    }
}

fn unit_for<'a>(file: FileId, node: Node<'a, 'a>, chameleon_tns: Option<&str>) -> Unit<'a> {
    let own = node.attribute("targetNamespace");
    let tns = own.or(chameleon_tns).unwrap_or("").to_string();
    Unit {
        file,
        node,
        chameleon: own.is_none() && chameleon_tns.is_some_and(|t| !t.is_empty()),
        tns,
        element_qualified: node.attribute("elementFormDefault") == Some("qualified"),
        attribute_qualified: node.attribute("attributeFormDefault") == Some("qualified"),
    }
}

fn placeholder_element(name: QName, span: Span, global: bool) -> ElementDecl {
    ElementDecl {
        name,
        span,
        doc: None,
        type_ref: TypeRef::Builtin(BuiltinType::AnyType),
        global,
        nillable: false,
        is_abstract: false,
        default: None,
        fixed: None,
        value_scope: None,
        substitution_group: Vec::new(),
        block: None,
        final_: None,
        expected_content_types: None,
    }
}

fn placeholder_type(name: Option<QName>, span: Span) -> TypeDef {
    TypeDef {
        name,
        span,
        doc: None,
        kind: TypeKind::Complex(ComplexType {
            is_abstract: false,
            mixed: false,
            content: ComplexContent::Complex {
                derivation: None,
                particle: None,
            },
            attributes: Vec::new(),
            any_attribute: None,
            block: None,
            final_: None,
        }),
        expected_content_types: None,
    }
}

fn derivation_of(node: Node<'_, '_>) -> Derivation {
    if node.tag_name().name() == "extension" {
        Derivation::Extension
    } else {
        Derivation::Restriction
    }
}

fn wildcard(node: Node<'_, '_>, target_namespace: &str) -> Wildcard {
    Wildcard {
        namespace: node.attribute("namespace").unwrap_or("##any").to_string(),
        target_namespace: target_namespace.to_string(),
        process_contents: node
            .attribute("processContents")
            .unwrap_or("strict")
            .to_string(),
    }
}

/// The namespace scope of `node`'s `default=` and `fixed=` values (both,
/// should a faulty schema give both), if it has either.
fn value_scope_of(node: Node<'_, '_>, chameleon: Option<&str>) -> Option<ValueScope> {
    let values = [node.attribute("default"), node.attribute("fixed")];
    let value = values.into_iter().flatten().collect::<Vec<_>>().join(" ");
    (!value.is_empty()).then(|| value_scope(node, &value, chameleon))
}

fn facets(node: Node<'_, '_>, chameleon: Option<&str>) -> Facets {
    let mut f = Facets::default();
    for child in children_in(node, ns::XS) {
        let Some(v) = child.attribute("value").map(str::to_string) else {
            continue;
        };
        match child.tag_name().name() {
            "enumeration" => {
                f.enumeration_names.push(qname_value(child, &v, chameleon));
                f.enumerations.push(v);
            }
            "pattern" => f.patterns.push(v),
            "length" => f.length = Some(v),
            "minLength" => f.min_length = Some(v),
            "maxLength" => f.max_length = Some(v),
            "minInclusive" => f.min_inclusive = Some(v),
            "maxInclusive" => f.max_inclusive = Some(v),
            "minExclusive" => f.min_exclusive = Some(v),
            "maxExclusive" => f.max_exclusive = Some(v),
            "totalDigits" => f.total_digits = Some(v),
            "fractionDigits" => f.fraction_digits = Some(v),
            "whiteSpace" => f.white_space = Some(v),
            _ => {}
        }
    }
    f
}
