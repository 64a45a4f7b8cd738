//! Binary analysis: every `xs:base64Binary` (and `hexBinary`, `swaRef`,
//! MIME-bound part) reachable from an operation, with its body path.
//!
//! The body path follows the schema from the body element (document style) or
//! the operation wrapper (rpc style) down to the binary element, adding `[1]`
//! to every element that may repeat (its own `maxOccurs > 1`, or a repeating
//! group around it): `/sendImage/input/imageData`,
//! `/sendImages/input/imageData[1]`. Recursive types are walked once per
//! path, so the walk terminates.

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::media::MediaAnnotation;
use crate::model::*;
use crate::names::{ns, QName};
use serde::Serialize;
use std::collections::HashSet;

/// How a binary travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BinaryKind {
    /// base64Binary: an MTOM/XOP candidate.
    #[serde(rename = "xop")]
    Xop,
    /// `wsi:swaRef`: a `cid:` URI to a part (A9).
    #[serde(rename = "swaref")]
    SwaRef,
    /// A part bound by `mime:content` (A8).
    #[serde(rename = "mime-part")]
    MimePart,
    /// hexBinary: always inline (A4).
    #[serde(rename = "hex")]
    Hex,
}

/// Where in an operation a binary is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Request body.
    Input,
    /// Response body.
    Output,
    /// Fault detail.
    Fault,
    /// A SOAP header (of the request or response).
    Header,
}

/// One binary field of one operation (or of a global element, for a bare XSD).
#[derive(Debug, Clone, Serialize)]
pub struct BinaryField {
    /// Binding name (local part), when reached from a binding.
    pub binding: Option<String>,
    /// Operation name, when reached from an operation.
    pub operation: Option<String>,
    /// Where in the operation.
    pub direction: Option<Direction>,
    /// Element path from the body element, `[1]` on repeatable elements;
    /// `None` for a MIME-bound part, which is not in the body.
    pub body_path: Option<String>,
    /// For a MIME-bound part: the part name.
    pub mime_part: Option<String>,
    /// The declared type (Clark notation), or the built-in reached.
    pub xsd_type: String,
    /// Parsed `expectedContentTypes` ranges (or `mime:content` types).
    pub expected_content_types: Vec<String>,
    /// True when the element carries an `xmime:contentType` attribute (A5).
    pub content_type_attribute: bool,
    /// How it travels.
    pub kind: BinaryKind,
    /// True when the element may be absent.
    pub optional: bool,
    /// True when the element may repeat.
    pub repeated: bool,
    /// True when the element is nillable.
    pub nillable: bool,
}

/// What a type is, seen as a binary.
struct BinaryInfo {
    kind: BinaryKind,
    content_type_attribute: bool,
    annotation: Option<MediaAnnotation>,
}

/// Finds every binary reachable from an operation of `model`. Bindings that
/// are not SOAP are skipped; port types no binding uses are walked as
/// document style with no binding name. With no WSDL operations at all (a
/// bare XSD), every global element is a root.
pub fn binaries(model: &Model) -> (Vec<BinaryField>, Diagnostics) {
    let mut w = Walker {
        model,
        out: Vec::new(),
        heads: Vec::new(),
        reach: Reach::compute(model),
        expanded: HashSet::new(),
        current: None,
        queue: std::collections::VecDeque::new(),
    };
    let mut bound = HashSet::new();
    for (_, b) in model.bindings.iter() {
        let Some(pt) = b.port_type else { continue };
        if b.soap_version.is_none() {
            continue;
        }
        bound.insert(pt);
        for bo in &b.operations {
            let Some(op) = bo.operation.map(|i| &model.port_types[pt].operations[i]) else {
                continue;
            };
            let ctx = Ctx {
                binding: Some(b.name.local.clone()),
                operation: op.name.clone(),
            };
            w.message(
                &ctx,
                Direction::Input,
                bo.style,
                op.input.as_ref(),
                bo.input.as_ref(),
                false,
            );
            w.message(
                &ctx,
                Direction::Output,
                bo.style,
                op.output.as_ref(),
                bo.output.as_ref(),
                true,
            );
            for f in &op.faults {
                w.fault(&ctx, f);
            }
        }
    }
    for (id, pt) in model.port_types.iter() {
        if bound.contains(&id) {
            continue;
        }
        for op in &pt.operations {
            let ctx = Ctx {
                binding: None,
                operation: op.name.clone(),
            };
            w.message(
                &ctx,
                Direction::Input,
                Style::Document,
                op.input.as_ref(),
                None,
                false,
            );
            w.message(
                &ctx,
                Direction::Output,
                Style::Document,
                op.output.as_ref(),
                None,
                true,
            );
            for f in &op.faults {
                w.fault(&ctx, f);
            }
        }
    }
    if model.port_types.is_empty() {
        for (name, id) in &model.global_elements {
            if is_infrastructure(&name.ns) {
                continue;
            }
            w.expanded.clear();
            w.element(None, *id, "", false, false);
            w.drain(None);
        }
    }
    let diags = misplaced_annotations(model);
    let mut seen = HashSet::new();
    let mut out = w.out;
    out.retain(|b| {
        seen.insert((
            b.binding.clone(),
            b.operation.clone(),
            b.direction,
            b.body_path.clone(),
            b.mime_part.clone(),
        ))
    });
    (out, diags)
}

fn is_infrastructure(namespace: &str) -> bool {
    crate::load::builtin::by_namespace(namespace).is_some()
}

/// A3: `expectedContentTypes` on an element whose type is not binary.
fn misplaced_annotations(model: &Model) -> Diagnostics {
    let mut d = Diagnostics::new();
    for (_, e) in model.elements.iter() {
        let Some(a) = &e.expected_content_types else {
            continue;
        };
        if matches!(e.type_ref, TypeRef::Unresolved(_)) {
            continue;
        }
        if binary_info(model, &e.type_ref).is_none() {
            d.push(
                Diagnostic::warning(
                    Code::MediaRangeOnNonBinary,
                    Some(a.span),
                    format!("xmime:expectedContentTypes on `{}`, whose type is not base64Binary or hexBinary; it is ignored", e.name.local),
                )
                .with_hint("put the annotation on a base64Binary element"),
            );
        }
    }
    d
}

struct Ctx {
    binding: Option<String>,
    operation: String,
}

struct Walker<'m> {
    model: &'m Model,
    out: Vec<BinaryField>,
    /// Substitution heads being expanded (guards head/member cycles).
    heads: Vec<ElementId>,
    /// Which types can contain a binary at all: the walk skips the rest.
    reach: Reach,
    /// Element declarations already expanded for the current root (each at
    /// most once; `None` stands for a part typed directly).
    expanded: HashSet<Option<ElementId>>,
    /// The element whose type `typed` is looking at.
    current: Option<ElementId>,
    /// Types waiting to be expanded, breadth first, with their paths.
    queue: std::collections::VecDeque<(TypeId, String)>,
}

/// For every type: can a binary occur inside it? Computed once as a fixpoint
/// over the type graph, so the path walk only descends where it pays off
/// (EWS has thousands of types and a handful of binaries).
struct Reach {
    has: Vec<bool>,
}

impl Reach {
    fn compute(model: &Model) -> Reach {
        let n = model.types.len();
        let mut children: Vec<Vec<TypeId>> = vec![Vec::new(); n];
        let mut has = vec![false; n];
        for (id, t) in model.types.iter() {
            if binary_info(model, &TypeRef::Def(id)).is_some() {
                has[id.index()] = true;
                continue;
            }
            let TypeKind::Complex(ct) = &t.kind else {
                continue;
            };
            let ComplexContent::Complex {
                derivation,
                particle,
            } = &ct.content
            else {
                continue;
            };
            let out = &mut children[id.index()];
            if let Some((Derivation::Extension, TypeRef::Def(base))) = derivation {
                out.push(*base);
            }
            if let Some(p) = particle {
                let mut seen_groups = Vec::new();
                particle_types(model, p, out, &mut has[id.index()], &mut seen_groups);
            }
        }
        loop {
            let mut changed = false;
            for i in 0..n {
                if !has[i] && children[i].iter().any(|c| has[c.index()]) {
                    has[i] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        Reach { has }
    }

    fn type_may_hold(&self, t: &TypeRef) -> bool {
        matches!(t, TypeRef::Def(id) if self.has[id.index()])
    }
}

/// The types an element particle refers to (with substitution members);
/// sets `direct` when an element's type is itself binary.
fn particle_types(
    model: &Model,
    p: &Particle,
    out: &mut Vec<TypeId>,
    direct: &mut bool,
    groups: &mut Vec<GroupId>,
) {
    match &p.term {
        Term::Element(e) => {
            let mut todo = vec![*e];
            let mut seen = Vec::new();
            while let Some(e) = todo.pop() {
                if seen.contains(&e) {
                    continue;
                }
                seen.push(e);
                let t = &model.elements[e].type_ref;
                match t {
                    TypeRef::Def(id) => out.push(*id),
                    TypeRef::Builtin(BuiltinType::Base64Binary | BuiltinType::HexBinary) => {
                        *direct = true
                    }
                    _ => {}
                }
                if let Some(m) = model.substitutions.get(&e) {
                    todo.extend(m.iter().copied());
                }
            }
        }
        Term::Group(g) => {
            for c in &g.particles {
                particle_types(model, c, out, direct, groups);
            }
        }
        Term::GroupRef(g) => {
            if groups.contains(g) {
                return;
            }
            groups.push(*g);
            if let Some(mg) = &model.groups[*g].group {
                for c in &mg.particles {
                    particle_types(model, c, out, direct, groups);
                }
            }
        }
        Term::Any(_) | Term::Unresolved => {}
    }
}

impl<'m> Walker<'m> {
    fn message(
        &mut self,
        ctx: &Ctx,
        direction: Direction,
        style: Style,
        abstract_msg: Option<&OperationMessage>,
        binding: Option<&BindingMessage>,
        response: bool,
    ) {
        let Some(mid) = abstract_msg.and_then(|m| m.message) else {
            return;
        };
        let message = &self.model.messages[mid];
        // Parts carried as MIME attachments, and parts in headers, are not in the body.
        // mime:content parts are binaries of their own (mime:mimeXml ones
        // are XML documents).
        let bound = binding.map(BindingMessage::mime_parts).unwrap_or_default();
        let mime_parts: Vec<(&Part, &[String], bool)> = bound
            .iter()
            .filter(|b| !b.xml)
            .filter_map(|b| {
                let part = message.parts.iter().find(|p| p.name == b.part)?;
                Some((part, b.types.as_slice(), b.alternative))
            })
            .collect();
        let mut header_parts: HashSet<&str> = HashSet::new();
        if let Some(b) = binding {
            for h in &b.headers {
                if h.message == Some(mid) {
                    header_parts.insert(h.part.as_str());
                }
            }
        }
        let body_filter = binding
            .and_then(|b| b.body.as_ref())
            .and_then(|b| b.parts.clone());
        let ctx_dir = Some((ctx, direction));
        for part in &message.parts {
            // mime:content parts are walked below; a mime:mimeXml part is
            // an XML document of its own, not in the body either.
            if bound.iter().any(|b| b.part == part.name)
                || header_parts.contains(part.name.as_str())
            {
                continue;
            }
            if let Some(filter) = &body_filter {
                if !filter.contains(&part.name) {
                    continue;
                }
            }
            let prefix = match style {
                Style::Rpc => {
                    let wrapper = if response {
                        format!("{}Response", ctx.operation)
                    } else {
                        ctx.operation.clone()
                    };
                    format!("/{wrapper}")
                }
                Style::Document => String::new(),
            };
            self.part(ctx_dir, part, prefix, style);
        }
        for (part, types, alternative) in mime_parts {
            self.mime_part(ctx, direction, part, types.to_vec(), alternative);
        }
        // Header parts (they may belong to other messages).
        if let Some(b) = binding {
            for h in &b.headers {
                let Some(hm) = h.message else { continue };
                if let Some(part) = self.model.messages[hm]
                    .parts
                    .iter()
                    .find(|p| p.name == h.part)
                {
                    self.part(
                        Some((ctx, Direction::Header)),
                        part,
                        String::new(),
                        Style::Document,
                    );
                }
            }
        }
    }

    fn fault(&mut self, ctx: &Ctx, fault: &OperationMessage) {
        let Some(mid) = fault.message else { return };
        for part in &self.model.messages[mid].parts {
            self.part(
                Some((ctx, Direction::Fault)),
                part,
                String::new(),
                Style::Document,
            );
        }
    }

    /// Expands queued types breadth first, so each binary is reported once
    /// per root with its shortest body path.
    fn drain(&mut self, ctx: Option<(&Ctx, Direction)>) {
        while let Some((tid, path)) = self.queue.pop_front() {
            self.content(ctx, tid, &path, &mut vec![tid]);
        }
    }

    fn part(&mut self, ctx: Option<(&Ctx, Direction)>, part: &Part, prefix: String, style: Style) {
        self.expanded.clear();
        self.part_root(ctx, part, prefix, style);
        self.drain(ctx);
    }

    fn part_root(
        &mut self,
        ctx: Option<(&Ctx, Direction)>,
        part: &Part,
        prefix: String,
        style: Style,
    ) {
        match &part.content {
            PartContent::Element(e) if style == Style::Document => {
                self.element(ctx, *e, &prefix, false, false);
            }
            PartContent::Element(e) => {
                // rpc with an element part: the accessor is the part name.
                self.current = Some(*e);
                let model = self.model;
                let path = || format!("{prefix}/{}", part.name);
                self.typed(
                    ctx,
                    &model.elements[*e].type_ref,
                    path,
                    None,
                    false,
                    false,
                    false,
                );
            }
            PartContent::Type(t) => {
                self.current = None;
                let path = || format!("{prefix}/{}", part.name);
                self.typed(ctx, t, path, None, false, false, false);
            }
            PartContent::Missing => {}
        }
    }

    /// A part bound by `mime:content`; `optional` for one of alternatives
    /// naming different parts (a sender sends one of them).
    fn mime_part(
        &mut self,
        ctx: &Ctx,
        direction: Direction,
        part: &Part,
        types: Vec<String>,
        optional: bool,
    ) {
        let xsd_type = match &part.content {
            PartContent::Element(e) => type_name(self.model, &self.model.elements[*e].type_ref),
            PartContent::Type(t) => type_name(self.model, t),
            PartContent::Missing => String::new(),
        };
        self.out.push(BinaryField {
            binding: ctx.binding.clone(),
            operation: Some(ctx.operation.clone()),
            direction: Some(direction),
            body_path: None,
            mime_part: Some(part.name.clone()),
            xsd_type,
            expected_content_types: types,
            content_type_attribute: false,
            kind: BinaryKind::MimePart,
            optional,
            repeated: false,
            nillable: false,
        });
    }

    /// Walks an element occurrence (its type is queued for expansion, once
    /// per element declaration and root).
    fn element(
        &mut self,
        ctx: Option<(&Ctx, Direction)>,
        id: ElementId,
        parent: &str,
        repeated: bool,
        optional: bool,
    ) {
        // The model outlives the walker: borrow from it, not from `self`.
        let model = self.model;
        let decl = &model.elements[id];
        // An abstract head stands for its substitution group members.
        let members = model.substitutions.get(&id).map_or(&[][..], Vec::as_slice);
        if !decl.is_abstract {
            // The path is made only for a binary found or a type queued.
            let path = || {
                if repeated {
                    format!("{parent}/{}[1]", decl.name.local)
                } else {
                    format!("{parent}/{}", decl.name.local)
                }
            };
            self.current = Some(id);
            self.typed(
                ctx,
                &decl.type_ref,
                path,
                decl.expected_content_types.as_ref(),
                repeated,
                optional,
                decl.nillable,
            );
        }
        if members.is_empty() || self.heads.contains(&id) {
            return;
        }
        self.heads.push(id);
        for &m in members {
            if m != id {
                self.element(ctx, m, parent, repeated, optional);
            }
        }
        self.heads.pop();
    }

    #[allow(clippy::too_many_arguments)]
    fn typed(
        &mut self,
        ctx: Option<(&Ctx, Direction)>,
        t: &TypeRef,
        path: impl FnOnce() -> String,
        annotation: Option<&MediaAnnotation>,
        repeated: bool,
        optional: bool,
        nillable: bool,
    ) {
        if let Some(info) = binary_info(self.model, t) {
            let ann = annotation.cloned().or(info.annotation);
            self.out.push(BinaryField {
                binding: ctx.and_then(|(c, _)| c.binding.clone()),
                operation: ctx.map(|(c, _)| c.operation.clone()),
                direction: ctx.map(|(_, d)| d),
                body_path: Some(path()),
                mime_part: None,
                xsd_type: type_name(self.model, t),
                expected_content_types: ann
                    .map(|a| a.ranges.iter().map(ToString::to_string).collect())
                    .unwrap_or_default(),
                content_type_attribute: info.content_type_attribute,
                kind: info.kind,
                optional,
                repeated,
                nillable,
            });
            return;
        }
        let TypeRef::Def(tid) = t else { return };
        if !self.reach.type_may_hold(t) || !self.expanded.insert(self.current) {
            return;
        }
        self.queue.push_back((*tid, path()));
    }

    /// Walks the element content of a complex type, base content first.
    fn content(
        &mut self,
        ctx: Option<(&Ctx, Direction)>,
        tid: TypeId,
        path: &str,
        stack: &mut Vec<TypeId>,
    ) {
        let model = self.model;
        let TypeKind::Complex(ct) = &model.types[tid].kind else {
            return;
        };
        let ComplexContent::Complex {
            derivation,
            particle,
        } = &ct.content
        else {
            return;
        };
        if let Some((Derivation::Extension, TypeRef::Def(base))) = derivation {
            if !stack.contains(base) {
                stack.push(*base);
                self.content(ctx, *base, path, stack);
                stack.pop();
            }
        }
        if let Some(p) = particle {
            self.particle(ctx, p, path, false, false, &mut Vec::new());
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn particle(
        &mut self,
        ctx: Option<(&Ctx, Direction)>,
        p: &Particle,
        path: &str,
        repeated: bool,
        optional: bool,
        groups: &mut Vec<GroupId>,
    ) {
        let repeated = repeated || p.max.is_many();
        let optional = optional || p.min == 0;
        match &p.term {
            Term::Element(e) => self.element(ctx, *e, path, repeated, optional),
            Term::Group(g) => {
                let choice = g.compositor == Compositor::Choice && g.particles.len() > 1;
                for c in &g.particles {
                    self.particle(ctx, c, path, repeated, optional || choice, groups);
                }
            }
            Term::GroupRef(gid) => {
                if groups.contains(gid) {
                    return;
                }
                let model = self.model;
                if let Some(g) = &model.groups[*gid].group {
                    groups.push(*gid);
                    let choice = g.compositor == Compositor::Choice && g.particles.len() > 1;
                    for c in &g.particles {
                        self.particle(ctx, c, path, repeated, optional || choice, groups);
                    }
                    groups.pop();
                }
            }
            Term::Any(_) | Term::Unresolved => {}
        }
    }
}

/// The type as reported: Clark name of a named type, else the built-in reached.
fn type_name(model: &Model, t: &TypeRef) -> String {
    match t {
        TypeRef::Builtin(b) => QName::new(ns::XS, builtin_local(*b)).to_string(),
        TypeRef::Def(id) => match &model.types[*id].name {
            Some(n) => n.to_string(),
            None => match binary_base(model, t, true) {
                Some(BuiltinType::HexBinary) => format!("anonymous ({{{}}}hexBinary)", ns::XS),
                Some(_) => format!("anonymous ({{{}}}base64Binary)", ns::XS),
                None => "anonymous".to_string(),
            },
        },
        TypeRef::Unresolved(n) => n.to_string(),
    }
}

fn builtin_local(b: BuiltinType) -> &'static str {
    match b {
        BuiltinType::Base64Binary => "base64Binary",
        BuiltinType::HexBinary => "hexBinary",
        BuiltinType::String => "string",
        _ => "anyType",
    }
}

/// The binary built-in a type derives from, following simple restrictions and
/// simpleContent derivations (bounded depth).
/// The binary built-in (base64Binary or hexBinary) a type derives from,
/// following simple restrictions and, when `through_complex`, simpleContent
/// derivations too. The plan stage stops at complex types (they become
/// structs); the analysis looks through them.
pub(crate) fn binary_base(
    model: &Model,
    t: &TypeRef,
    through_complex: bool,
) -> Option<BuiltinType> {
    binary_base_at(model, t, through_complex, 0)
}

fn binary_base_at(
    model: &Model,
    t: &TypeRef,
    through_complex: bool,
    depth: usize,
) -> Option<BuiltinType> {
    if depth > 64 {
        return None;
    }
    match t {
        TypeRef::Builtin(b @ (BuiltinType::Base64Binary | BuiltinType::HexBinary)) => Some(*b),
        TypeRef::Builtin(_) | TypeRef::Unresolved(_) => None,
        TypeRef::Def(id) => match &model.types[*id].kind {
            TypeKind::Simple(SimpleType {
                variety: SimpleVariety::Restriction { base },
                ..
            }) => binary_base_at(model, base, through_complex, depth + 1),
            TypeKind::Simple(_) => None,
            TypeKind::Complex(ComplexType {
                content: ComplexContent::Simple { base, .. },
                ..
            }) if through_complex => binary_base_at(model, base, through_complex, depth + 1),
            TypeKind::Complex(_) => None,
        },
    }
}

/// True for `wsi:swaRef` and types derived from it (through simpleContent
/// derivations only when `through_complex`, as for [`binary_base`]).
pub(crate) fn is_swaref(model: &Model, t: &TypeRef, through_complex: bool) -> bool {
    is_swaref_at(model, t, through_complex, 0)
}

fn is_swaref_at(model: &Model, t: &TypeRef, through_complex: bool, depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    let TypeRef::Def(id) = t else { return false };
    let def = &model.types[*id];
    if def
        .name
        .as_ref()
        .is_some_and(|n| n.is(ns::WSI_SWAREF, "swaRef"))
    {
        return true;
    }
    match &def.kind {
        TypeKind::Simple(SimpleType {
            variety: SimpleVariety::Restriction { base },
            ..
        }) => is_swaref_at(model, base, through_complex, depth + 1),
        TypeKind::Complex(ComplexType {
            content: ComplexContent::Simple { base, .. },
            ..
        }) if through_complex => is_swaref_at(model, base, through_complex, depth + 1),
        _ => false,
    }
}

/// Whether a type (or a base along its simpleContent chain) declares the
/// `xmime:contentType` attribute.
fn has_content_type_attribute(model: &Model, t: &TypeRef, depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    let TypeRef::Def(id) = t else { return false };
    let TypeKind::Complex(ct) = &model.types[*id].kind else {
        return false;
    };
    if attrs_have_content_type(model, &ct.attributes, 0) {
        return true;
    }
    match &ct.content {
        ComplexContent::Simple { base, .. } => has_content_type_attribute(model, base, depth + 1),
        ComplexContent::Complex { .. } => false,
    }
}

fn attrs_have_content_type(model: &Model, items: &[AttrItem], depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    items.iter().any(|i| match i {
        AttrItem::Attribute { decl, use_ } => {
            let n = &model.attributes[*decl].name;
            *use_ != AttributeUse::Prohibited && n.local == "contentType" && ns::is_xmime(&n.ns)
        }
        AttrItem::Group(g) => {
            attrs_have_content_type(model, &model.attribute_groups[*g].attributes, depth + 1)
        }
    })
}

fn type_annotation(model: &Model, t: &TypeRef, depth: usize) -> Option<MediaAnnotation> {
    if depth > 64 {
        return None;
    }
    let TypeRef::Def(id) = t else { return None };
    let def = &model.types[*id];
    if let Some(a) = &def.expected_content_types {
        return Some(a.clone());
    }
    match &def.kind {
        TypeKind::Simple(SimpleType {
            variety: SimpleVariety::Restriction { base },
            ..
        }) => type_annotation(model, base, depth + 1),
        TypeKind::Complex(ComplexType {
            content: ComplexContent::Simple { base, .. },
            ..
        }) => type_annotation(model, base, depth + 1),
        _ => None,
    }
}

fn binary_info(model: &Model, t: &TypeRef) -> Option<BinaryInfo> {
    let kind = if is_swaref(model, t, true) {
        BinaryKind::SwaRef
    } else {
        match binary_base(model, t, true)? {
            BuiltinType::HexBinary => BinaryKind::Hex,
            _ => BinaryKind::Xop,
        }
    };
    Some(BinaryInfo {
        kind,
        content_type_attribute: has_content_type_attribute(model, t, 0),
        annotation: type_annotation(model, t, 0),
    })
}
