//! The plan IR (items with Rust names and types) and the planner that builds
//! it from the model.

use crate::analysis::BinaryField;
use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::model::*;
use crate::names::{ns, QName};
use crate::naming::{self, Scope};
use crate::settings::Settings;
use std::collections::{HashMap, HashSet, VecDeque};

/// The runtime's shared string type, what `--strings shared` maps
/// `xs:string` and its derivations to.
pub const SHARED_STR: &str = "::soapstone::__private::SharedStr";
/// The runtime's `xs:decimal`, kept in lexical form.
const DECIMAL: &str = "::soapstone::__private::Decimal";
/// The runtime's unbounded `xs:integer`, kept in lexical form.
const INTEGER: &str = "::soapstone::__private::Integer";
/// The runtime's `Integer`s checked for their sign: `xs:nonPositiveInteger`,
/// `xs:negativeInteger`, `xs:nonNegativeInteger`, `xs:positiveInteger`.
const SIGNED_INTEGERS: [&str; 4] = [
    "::soapstone::__private::NonPositiveInteger",
    "::soapstone::__private::NegativeInteger",
    "::soapstone::__private::NonNegativeInteger",
    "::soapstone::__private::PositiveInteger",
];

/// The bindings to generate.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Types, in a deterministic order.
    pub items: Vec<Item>,
    /// Global elements: constant name, namespace, local name, Rust type.
    pub elements: Vec<ElementConst>,
    /// SOAP bindings with their operations.
    pub bindings: Vec<BindingPlan>,
    /// Emit a client struct per binding.
    pub client: bool,
    /// Emit a server trait per binding.
    pub server: bool,
}

/// A global element name as a constant.
#[derive(Debug, Clone)]
pub struct ElementConst {
    /// Constant name (`SEND_IMAGE`).
    pub name: String,
    /// Namespace URI.
    pub ns: String,
    /// Local name.
    pub local: String,
    /// The Rust type of its content, when it has one.
    pub ty: Option<String>,
}

/// One generated type.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // one per generated item
pub enum Item {
    /// A struct (complex type, nested sequence, rpc wrapper).
    Struct(StructDef),
    /// An enum over element alternatives (choice, substitution group, faults).
    Choice(ChoiceDef),
    /// An enumeration of lexical values.
    Enumeration(EnumDef),
    /// A restricted simple type.
    Newtype(NewtypeDef),
    /// A union of simple types.
    Union(UnionDef),
    /// A complex type and the types derived from it, told apart by `xsi:type`.
    Poly(PolyDef),
}

impl Item {
    /// The Rust name.
    pub fn name(&self) -> &str {
        match self {
            Item::Struct(s) => &s.name,
            Item::Choice(c) => &c.name,
            Item::Enumeration(e) => &e.name,
            Item::Newtype(n) => &n.name,
            Item::Union(u) => &u.name,
            Item::Poly(p) => &p.name,
        }
    }

    /// Types this item holds directly (not through a `Vec`).
    pub fn direct_refs(&self) -> Vec<&str> {
        match self {
            Item::Struct(s) => s
                .fields()
                .iter()
                .filter(|f| f.occurs != Occurs::Many)
                .filter_map(Field::target)
                .collect(),
            Item::Choice(c) => c
                .variants
                .iter()
                .filter(|v| !v.many)
                .filter_map(Variant::target)
                .collect(),
            Item::Poly(p) => p.variants.iter().map(|v| v.ty.as_str()).collect(),
            _ => Vec::new(),
        }
    }
}

/// A struct.
#[derive(Debug, Clone)]
pub struct StructDef {
    /// Rust name.
    pub name: String,
    /// The named XML Schema type it is (`None`: anonymous, a group, a
    /// wrapper): an `xsi:type` naming another is refused on read.
    pub xsd_type: Option<Name>,
    /// Documentation.
    pub doc: String,
    /// Attributes.
    pub attributes: Vec<AttrField>,
    /// Field for `xs:anyAttribute`.
    pub any_attribute: Option<(String, AnyNamespaces)>,
    /// Content.
    pub body: Body,
    /// `Some` for a group read from its parent's cursor (nested sequence,
    /// choice alternative), which has no element of its own: the element
    /// names it can start with, and the wildcards that can take its first
    /// element.
    pub group: Option<First>,
}

impl StructDef {
    /// Element fields (empty for simple and mixed content).
    pub fn fields(&self) -> &[Field] {
        match &self.body {
            Body::Sequence(f) | Body::All(f) => f,
            _ => &[],
        }
    }

    /// Element fields, mutably.
    pub fn fields_mut(&mut self) -> &mut [Field] {
        match &mut self.body {
            Body::Sequence(f) | Body::All(f) => f,
            _ => &mut [],
        }
    }
}

/// Struct content.
#[derive(Debug, Clone)]
pub enum Body {
    /// Elements in order.
    Sequence(Vec<Field>),
    /// Elements in any order (`xs:all`).
    All(Vec<Field>),
    /// Text of a simple type (`xs:simpleContent`), in field `value`.
    SimpleContent(ValueTy),
    /// Mixed text and elements kept in order, in field `content`.
    Mixed,
}

/// How often a field occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occurs {
    /// Exactly once.
    One,
    /// Zero or once: `Option`.
    Optional,
    /// Any number: `Vec`.
    Many,
}

impl Occurs {
    fn of(min: u32, max: MaxOccurs) -> Occurs {
        if max.is_many() {
            Occurs::Many
        } else if min == 0 {
            Occurs::Optional
        } else {
            Occurs::One
        }
    }
}

/// An element field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Rust field name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Occurrence.
    pub occurs: Occurs,
    /// For a repeated field, its occurrence bounds (minOccurs, maxOccurs)
    /// when they are not 0 and unbounded: checked on read and on write.
    pub bounds: Option<(u32, Option<u32>)>,
    /// What it holds.
    pub kind: FieldKind,
    /// Boxed to break a cycle.
    pub boxed: bool,
}

impl Field {
    /// The generated type this field holds, if any.
    pub fn target(&self) -> Option<&str> {
        match &self.kind {
            FieldKind::Element { value, .. } => value.generated(),
            FieldKind::Choice { ty, .. } | FieldKind::Group { ty, .. } => Some(ty),
            FieldKind::Any(_) => None,
        }
    }
}

/// An element name.
pub type Name = (String, String);

/// What a field holds.
#[derive(Debug, Clone)]
pub enum FieldKind {
    /// One element name.
    Element {
        /// Namespace and local name.
        name: Name,
        /// The value type.
        value: ValueTy,
        /// `nillable="true"`.
        nillable: bool,
        /// `default=` or `fixed=`: the value of an empty element.
        default: Option<SchemaValue>,
        /// The value is `fixed=`: a non-empty element must have it too.
        fixed: bool,
    },
    /// A choice or substitution group enum, read from the parent's cursor.
    Choice {
        /// Enum name.
        ty: String,
        /// Element names that start it.
        first: Vec<Name>,
    },
    /// A nested sequence struct, read from the parent's cursor.
    Group {
        /// Struct name.
        ty: String,
        /// Element names that start it.
        first: Vec<Name>,
    },
    /// `xs:any` elements from the namespaces it allows.
    Any(AnyNamespaces),
}

/// The namespaces an `xs:any` takes elements from: `None` for any;
/// `Some((true, list))` all but those in `list` (`##other`: neither the
/// target namespace nor none); `Some((false, list))` only those (an empty
/// string is no namespace).
pub type AnyNamespaces = Option<(bool, Vec<String>)>;

/// What can start a particle: element names, and wildcards that can take
/// its first element.
pub type First = (Vec<Name>, Vec<AnyNamespaces>);

/// Two optional wildcards intersected (absent stands for no constraint
/// from that side).
fn intersect_wildcards(
    a: Option<AnyNamespaces>,
    b: Option<AnyNamespaces>,
) -> Option<AnyNamespaces> {
    match (a, b) {
        (Some(a), Some(b)) => Some(any_intersection(&a, &b)),
        (a, b) => a.or(b),
    }
}

/// The namespaces both wildcards allow.
fn any_intersection(a: &AnyNamespaces, b: &AnyNamespaces) -> AnyNamespaces {
    let (a, b) = match (a, b) {
        (None, x) | (x, None) => return x.clone(),
        (Some(a), Some(b)) => (a, b),
    };
    let in_b = |ns: &String| b.1.contains(ns) != b.0;
    Some(match (a.0, b.0) {
        // All but both lists.
        (true, true) => (true, merged(&a.1, &b.1)),
        // Those of one list the other allows.
        (false, _) => (false, a.1.iter().filter(|ns| in_b(ns)).cloned().collect()),
        (true, false) => (
            false,
            b.1.iter().filter(|ns| !a.1.contains(ns)).cloned().collect(),
        ),
    })
}

/// The namespaces either wildcard allows (an extension's wildcard with its
/// base's).
fn any_union(a: &AnyNamespaces, b: &AnyNamespaces) -> AnyNamespaces {
    let (a, b) = match (a, b) {
        (None, _) | (_, None) => return None,
        (Some(a), Some(b)) => (a, b),
    };
    Some(match (a.0, b.0) {
        (false, false) => (false, merged(&a.1, &b.1)),
        // All but what both exclude.
        (true, true) => (
            true,
            a.1.iter().filter(|ns| b.1.contains(ns)).cloned().collect(),
        ),
        // All but what the exclusion list names and the other does not allow.
        (true, false) => (
            true,
            a.1.iter().filter(|ns| !b.1.contains(ns)).cloned().collect(),
        ),
        (false, true) => (
            true,
            b.1.iter().filter(|ns| !a.1.contains(ns)).cloned().collect(),
        ),
    })
}

/// `a` then the members of `b` not in it.
fn merged(a: &[String], b: &[String]) -> Vec<String> {
    let mut out = a.to_vec();
    out.extend(b.iter().filter(|ns| !a.contains(ns)).cloned());
    out
}

/// [`AnyNamespaces`] of a wildcard.
fn any_namespaces(w: &Wildcard) -> AnyNamespaces {
    let tns = &w.target_namespace;
    let (all_but, listed): (bool, Vec<String>) = match w.namespace.trim() {
        "##any" => return None,
        "##other" => (true, vec![tns.clone(), String::new()]),
        list => (
            false,
            list.split_whitespace()
                .map(|t| match t {
                    "##targetNamespace" => tns.clone(),
                    "##local" => String::new(),
                    uri => uri.to_string(),
                })
                .collect(),
        ),
    };
    // Each once (a schema without a target namespace makes `##other` name
    // none twice): a pattern listed twice would not compile warning-free.
    let mut seen = HashSet::new();
    let listed = listed
        .into_iter()
        .filter(|u| seen.insert(u.clone()))
        .collect();
    Some((all_but, listed))
}

/// The Rust type of an element's or attribute's value.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueTy {
    /// A generated struct or enum with element content.
    Complex(String),
    /// A type with a text form: a path (built-in) or a generated name.
    Simple(String),
    /// base64Binary: `soapstone::Binary`, maybe an attachment.
    Binary {
        /// A single concrete expected content type (C4), if any.
        expected: Option<String>,
        /// Per-field MTOM setting (A7).
        optimize: FieldOptimize,
    },
    /// `xs:anyType`: the element kept as XML.
    AnyType,
}

/// Per-field MTOM setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldOptimize {
    /// By threshold.
    #[default]
    Default,
    /// Always inline.
    Never,
    /// Always an attachment.
    Always,
}

impl ValueTy {
    /// The generated type name, when it is one of ours.
    pub fn generated(&self) -> Option<&str> {
        match self {
            ValueTy::Complex(n) => Some(n),
            ValueTy::Simple(n) if !n.contains("::") && !is_prim(n) => Some(n),
            _ => None,
        }
    }
}

/// The Rust type of an empty Body (an operation message with no body part).
pub const EMPTY_BODY_TYPE: &str = "()";

/// A binding's module name: its snake-case name, a keyword with `_` after
/// it (a module path is spelled out in docs and use lines, where `r#` reads
/// badly).
fn module_name(binding: &str) -> String {
    let name = naming::field_name(binding);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// True for the runtime's arbitrary-size `Decimal` and `Integer` (not for a
/// generated type whose name merely ends so).
pub(crate) fn is_big_number(path: &str) -> bool {
    path == DECIMAL || path == INTEGER || SIGNED_INTEGERS.contains(&path)
}

fn is_prim(n: &str) -> bool {
    matches!(
        n,
        "bool" | "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "f32" | "f64"
    )
}

/// An attribute field.
#[derive(Debug, Clone)]
pub struct AttrField {
    /// Rust field name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Namespace and local name.
    pub xml: Name,
    /// Simple type path.
    pub ty: String,
    /// `use="required"` (else `Option`).
    pub required: bool,
    /// `default=`.
    pub default: Option<SchemaValue>,
    /// `fixed=`.
    pub fixed: Option<SchemaValue>,
    /// True for `xmime:contentType` (A5).
    pub content_type: bool,
}

/// An enum over element alternatives.
#[derive(Debug, Clone)]
pub struct ChoiceDef {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// Alternatives.
    pub variants: Vec<Variant>,
}

/// One alternative.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Variant name.
    pub name: String,
    /// What it holds.
    pub kind: FieldKind,
    /// A repeated element alternative: holds a `Vec`.
    pub many: bool,
    /// Boxed to break a cycle.
    pub boxed: bool,
}

impl Variant {
    /// The generated type it holds, if any.
    pub fn target(&self) -> Option<&str> {
        match &self.kind {
            FieldKind::Element { value, .. } => value.generated(),
            FieldKind::Choice { ty, .. } | FieldKind::Group { ty, .. } => Some(ty),
            FieldKind::Any(_) => None,
        }
    }
}

/// A `default=` or `fixed=` value as the schema gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaValue {
    /// The lexical value.
    pub text: String,
    /// For a type holding QNames: the namespaces in scope where the schema
    /// gives the value, as an empty element's start tag, which resolve its
    /// prefixes instead of the instance's.
    pub scope: Option<String>,
}

/// An enumeration.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// (variant name, lexical value).
    pub values: Vec<(String, String)>,
    /// For an enumeration of QNames, what each value stands for (namespace,
    /// local name), read where the schema writes it; values compare by it.
    pub names: Option<Vec<Name>>,
}

/// A restricted simple type.
#[derive(Debug, Clone)]
pub struct NewtypeDef {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// The inner simple type path.
    pub inner: String,
    /// Facets checked on construction and read.
    pub facets: Facets,
    /// Whether the inner type is numeric (range facets compare numbers).
    pub numeric: bool,
    /// Whether the inner type is a list (length facets count items).
    pub list: bool,
}

/// A union of simple types.
#[derive(Debug, Clone)]
pub struct UnionDef {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// (variant name, simple type path), tried in order.
    pub members: Vec<(String, String)>,
}

/// A base type and its derived types (`xsi:type` polymorphism).
#[derive(Debug, Clone)]
pub struct PolyDef {
    /// Rust name (`{Base}Kind`).
    pub name: String,
    /// Documentation.
    pub doc: String,
    /// One variant per concrete type, the base first.
    pub variants: Vec<PolyVariant>,
    /// Index of the base type's variant, when the base is not abstract.
    pub base: Option<usize>,
    /// The base type's QName, named when an `xsi:type` names no variant.
    pub declared: Name,
}

/// One type of a [`PolyDef`].
#[derive(Debug, Clone)]
pub struct PolyVariant {
    /// Variant name.
    pub name: String,
    /// The struct it holds.
    pub ty: String,
    /// The type's QName, written as `xsi:type`.
    pub xsi_type: Name,
    /// Boxed to break a cycle.
    pub boxed: bool,
}

/// A binding's operations.
#[derive(Debug, Clone)]
pub struct BindingPlan {
    /// Module name (snake case of the binding name).
    pub module: String,
    /// Binding QName.
    pub name: QName,
    /// Operations.
    pub operations: Vec<OperationPlan>,
    /// Ports among [`ports`](Self::ports) whose own MTOM policy (the
    /// binding's and the port's) does not ask for MTOM while the binding's
    /// operation constants do (they take the strongest policy of all its
    /// ports): their clients send inline.
    pub inline_ports: Vec<String>,
    /// The `wsdl:port`s using this binding: port name and address
    /// (`soap:address location`, empty when absent).
    pub ports: Vec<(String, String)>,
}

/// One operation as data for clients and servers.
#[derive(Debug, Clone)]
pub struct OperationPlan {
    /// Constant name.
    pub const_name: String,
    /// Client and server method name (snake case, unique in the binding).
    pub method: String,
    /// Name of the constant listing the binary fields.
    pub binaries_const: String,
    /// Names of the input, output and fault type aliases in the binding module.
    pub aliases: [String; 3],
    /// Operation name.
    pub name: String,
    /// `"1.1"` / `"1.2"`.
    pub soap_version: &'static str,
    /// soapAction.
    pub action: String,
    /// `"document"` / `"rpc"`.
    pub style: &'static str,
    /// MTOM policy of the binding or of a port bound to it: `"required"` /
    /// `"optional"` / `"none"`.
    pub mtom: &'static str,
    /// The MTOM setting applied to the policy.
    pub use_mtom: bool,
    /// Optimize binaries larger than this.
    pub threshold: u64,
    /// Header elements of the request.
    pub input_headers: Vec<Name>,
    /// Header elements of the response.
    pub output_headers: Vec<Name>,
    /// Request body element and its Rust type.
    pub input: Option<(Name, String)>,
    /// Response body element and its Rust type.
    pub output: Option<(Name, String)>,
    /// Fault enum name, when the operation declares faults.
    pub fault: Option<String>,
    /// Binary fields of the operation (body paths from the analysis).
    pub binaries: Vec<BinaryField>,
    /// MIME parts of the request besides the SOAP envelope (WSDL MIME
    /// binding: SwA), when it has any.
    pub input_parts: Option<PartsPlan>,
    /// MIME parts of the response besides the SOAP envelope.
    pub output_parts: Option<PartsPlan>,
}

/// The MIME parts a message carries beside the SOAP envelope, and the
/// struct holding them (in the binding module).
#[derive(Debug, Clone)]
pub struct PartsPlan {
    /// The struct's name.
    pub type_name: String,
    /// The parts, in binding order.
    pub parts: Vec<MimePartPlan>,
}

/// A part of a SwA message bound by `mime:content` or `mime:mimeXml`: it
/// travels as its own MIME part, Content-ID `<part=unique@domain>` (WS-I AP).
#[derive(Debug, Clone)]
pub struct MimePartPlan {
    /// The `wsdl:part` name.
    pub part: String,
    /// Field name in the parts struct.
    pub field: String,
    /// The media type sent when the value has none: the first
    /// `mime:content` alternative's (`text/xml` for `mime:mimeXml`; empty
    /// when the binding gives none or only a range).
    pub content_type: String,
    /// The media types the binding allows, for the documentation.
    pub allowed: Vec<String>,
    /// For a `mime:mimeXml` part of an element: the element and its Rust
    /// type (the part is that element's XML document).
    pub xml: Option<(Name, String)>,
    /// One of `mime:content` alternatives naming different parts: a sender
    /// sends one of them, so the field is an `Option`.
    pub optional: bool,
}

// ---------------------------------------------------------------------------

pub(super) struct Planner<'m> {
    model: &'m Model,
    settings: &'m Settings,
    names: Scope,
    type_names: HashMap<TypeId, String>,
    /// Substitution group enums by head element.
    group_enums: HashMap<ElementId, String>,
    /// Named complex types derived (directly or not) from each type.
    derived: HashMap<TypeId, Vec<TypeId>>,
    /// `{Base}Kind` enums by base type.
    poly_enums: HashMap<TypeId, String>,
    /// Fault enums by port type and operation position (bindings of one
    /// port type share them; overloaded operations share a name).
    fault_enums: HashMap<(String, usize), Option<String>>,
    queue: VecDeque<TypeId>,
    done: HashSet<TypeId>,
    items: Vec<Item>,
    plan: Plan,
    diags: Diagnostics,
}

impl<'m> Planner<'m> {
    pub(super) fn new(model: &'m Model, settings: &'m Settings) -> Self {
        Planner {
            model,
            settings,
            names: Scope::new(),
            type_names: HashMap::new(),
            group_enums: HashMap::new(),
            derived: HashMap::new(),
            poly_enums: HashMap::new(),
            fault_enums: HashMap::new(),
            queue: VecDeque::new(),
            done: HashSet::new(),
            items: Vec::new(),
            plan: Plan::default(),
            diags: Diagnostics::new(),
        }
    }

    pub(super) fn finish(mut self) -> (Plan, Diagnostics) {
        self.plan.items = self.items;
        (self.plan, self.diags)
    }

    fn infrastructure(namespace: &str) -> bool {
        crate::load::builtin::by_namespace(namespace).is_some()
    }

    /// Named complex types derived from each named complex type, transitively,
    /// in name order.
    fn compute_derived(&mut self) {
        let mut direct: HashMap<TypeId, Vec<TypeId>> = HashMap::new();
        let mut named: Vec<(&QName, &TypeId)> = self.model.global_types.iter().collect();
        named.sort();
        for (_, t) in named {
            let TypeKind::Complex(ct) = &self.model.types[*t].kind else {
                continue;
            };
            if let ComplexContent::Complex {
                derivation: Some((_, TypeRef::Def(b))),
                ..
            } = &ct.content
            {
                if b != t {
                    direct.entry(*b).or_default().push(*t);
                }
            }
        }
        for base in direct.keys().copied().collect::<Vec<_>>() {
            let mut all = Vec::new();
            let mut todo = direct.get(&base).cloned().unwrap_or_default();
            while let Some(t) = todo.pop() {
                if all.contains(&t) || t == base {
                    continue;
                }
                all.push(t);
                todo.extend(direct.get(&t).cloned().unwrap_or_default());
            }
            all.sort_by_key(|t| self.model.types[*t].name.clone());
            self.derived.insert(base, all);
        }
    }

    /// The `{Base}Kind` enum of a type with derived types.
    fn poly_enum(&mut self, base: TypeId, base_name: &str) -> String {
        if let Some(n) = self.poly_enums.get(&base) {
            return n.clone();
        }
        let name = self.fresh(&format!("{base_name}Kind"), "");
        self.poly_enums.insert(base, name.clone());
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        let mut base_index = None;
        let declared = self.model.types[base].name.as_ref().map_or_else(
            || (String::new(), base_name.to_string()),
            |q| (q.ns.clone(), q.local.clone()),
        );
        let mut members = vec![base];
        members.extend(self.derived.get(&base).cloned().unwrap_or_default());
        for t in members {
            let def = &self.model.types[t];
            let abstract_ = matches!(&def.kind, TypeKind::Complex(ct) if ct.is_abstract);
            let Some(qn) = def.name.clone() else { continue };
            if abstract_ {
                continue;
            }
            let ty = self.type_name(t, "");
            if t == base {
                base_index = Some(variants.len());
            }
            variants.push(PolyVariant {
                name: scope.unique(&naming::type_name(&qn.local), ""),
                ty,
                xsi_type: (qn.ns.clone(), qn.local.clone()),
                boxed: false,
            });
        }
        self.items.push(Item::Poly(PolyDef {
            name: name.clone(),
            doc: format!("`{base_name}` or a type derived from it, told apart by `xsi:type`."),
            variants,
            base: base_index,
            declared,
        }));
        name
    }

    pub(super) fn run(&mut self, binaries: &[BinaryField]) {
        self.compute_derived();
        // Named types of user namespaces first, sorted, so they keep their
        // natural names; then global elements with anonymous types.
        let mut named: Vec<(&QName, TypeId)> = self
            .model
            .global_types
            .iter()
            .filter(|(n, _)| !Self::infrastructure(&n.ns))
            .map(|(n, t)| (n, *t))
            .collect();
        named.sort();
        for (_, t) in &named {
            self.type_name(*t, "");
        }
        let elements: Vec<(QName, ElementId)> = self
            .model
            .global_elements
            .iter()
            .filter(|(n, _)| !Self::infrastructure(&n.ns))
            .map(|(n, e)| (n.clone(), *e))
            .collect();
        for (name, e) in &elements {
            let decl = &self.model.elements[*e];
            let ty = if decl.is_abstract
                && matches!(decl.type_ref, TypeRef::Builtin(BuiltinType::AnyType))
            {
                None
            } else {
                self.value_ty(&decl.type_ref, &name.local, decl.span)
                    .map(|v| type_string(&v))
            };
            self.plan.elements.push(ElementConst {
                name: String::new(),
                ns: name.ns.clone(),
                local: name.local.clone(),
                ty,
            });
        }
        let mut consts = Scope::new();
        for e in &mut self.plan.elements {
            e.name = consts.unique(&naming::const_name(&e.local), "_ELEMENT");
        }
        self.bindings(binaries);
        self.drain();
    }

    fn drain(&mut self) {
        while let Some(t) = self.queue.pop_front() {
            if !self.done.insert(t) {
                continue;
            }
            self.generate(t);
        }
    }

    /// The Rust name of a model type, registering (and queueing) it.
    fn type_name(&mut self, t: TypeId, hint: &str) -> String {
        if let Some(n) = self.type_names.get(&t) {
            return n.clone();
        }
        let def = &self.model.types[t];
        let wanted = match &def.name {
            Some(n) => naming::type_name(&n.local),
            None => naming::type_name(hint),
        };
        let suffix = if def.name.is_some() {
            "Type"
        } else {
            "Element"
        };
        let n = self.names.unique(&wanted, suffix);
        self.type_names.insert(t, n.clone());
        self.queue.push_back(t);
        n
    }

    fn fresh(&mut self, wanted: &str, suffix: &str) -> String {
        self.names.unique(&naming::type_name(wanted), suffix)
    }

    fn error(&mut self, span: Span, message: String, hint: &str) {
        self.diags
            .push(Diagnostic::error(Code::InvalidSchema, Some(span), message).with_hint(hint));
    }

    // ---- value types -------------------------------------------------------

    fn builtin(&self, b: BuiltinType) -> ValueTy {
        use BuiltinType::*;
        let string = match self.settings.strings {
            crate::settings::Strings::Owned => "::std::string::String",
            crate::settings::Strings::Shared => SHARED_STR,
        };
        let s = match b {
            Base64Binary => {
                return ValueTy::Binary {
                    expected: None,
                    optimize: FieldOptimize::Default,
                }
            }
            AnyType => return ValueTy::AnyType,
            Boolean => "bool",
            Float => "f32",
            Double => "f64",
            Decimal => DECIMAL,
            Integer => INTEGER,
            NonPositiveInteger => SIGNED_INTEGERS[0],
            NegativeInteger => SIGNED_INTEGERS[1],
            NonNegativeInteger => SIGNED_INTEGERS[2],
            PositiveInteger => SIGNED_INTEGERS[3],
            Long => "i64",
            UnsignedLong => "u64",
            Int => "i32",
            Short => "i16",
            Byte => "i8",
            UnsignedInt => "u32",
            UnsignedShort => "u16",
            UnsignedByte => "u8",
            HexBinary => "::soapstone::__private::HexBinary",
            QName | Notation => "::soapstone::__private::QName",
            NmTokens | IdRefs | Entities => {
                return ValueTy::Simple(format!("::std::vec::Vec<{string}>"))
            }
            _ => string,
        };
        ValueTy::Simple(s.to_string())
    }

    pub(super) fn value_ty(&mut self, t: &TypeRef, hint: &str, span: Span) -> Option<ValueTy> {
        match t {
            TypeRef::Builtin(b) => Some(self.builtin(*b)),
            TypeRef::Unresolved(n) => {
                self.error(
                    span,
                    format!("type `{n}` is unresolved; no binding can be generated for it"),
                    "fix the reference (see the S002 diagnostic)",
                );
                None
            }
            TypeRef::Def(id) => {
                if crate::analysis::is_swaref(self.model, t, false) {
                    // A swaRef travels as a `cid:` URI; the typed value is the URI.
                    return Some(ValueTy::Simple("::std::string::String".into()));
                }
                match crate::analysis::binary_base(self.model, t, false) {
                    Some(BuiltinType::Base64Binary) => {
                        return Some(ValueTy::Binary {
                            expected: None,
                            optimize: FieldOptimize::Default,
                        })
                    }
                    Some(_) => {
                        return Some(ValueTy::Simple("::soapstone::__private::HexBinary".into()))
                    }
                    None => {}
                }
                let name = self.type_name(*id, hint);
                if matches!(self.model.types[*id].kind, TypeKind::Complex(_))
                    && self.derived.contains_key(id)
                {
                    return Some(ValueTy::Complex(self.poly_enum(*id, &name)));
                }
                Some(match self.model.types[*id].kind {
                    TypeKind::Simple(_) => ValueTy::Simple(name),
                    TypeKind::Complex(_) => ValueTy::Complex(name),
                })
            }
        }
    }

    /// The field kind of an element declaration whose value is `value`: its
    /// name, nillability, and value constraint (`default`, or `fixed`, which
    /// is also the value an empty element has).
    fn element_kind(&mut self, decl: &ElementDecl, value: ValueTy) -> FieldKind {
        let text = decl.default.as_ref().or(decl.fixed.as_ref());
        FieldKind::Element {
            name: (decl.name.ns.clone(), decl.name.local.clone()),
            value,
            nillable: decl.nillable,
            default: self.schema_value(text, &decl.type_ref, &decl.value_scope, decl.span),
            fixed: decl.default.is_none() && decl.fixed.is_some(),
        }
    }

    /// A declaration's `default=` / `fixed=` value `text`, with its
    /// namespace `scope` when the declared type `t` holds QNames. Such a
    /// value using a prefix the schema does not declare is an error: no
    /// instance could have it.
    fn schema_value(
        &mut self,
        text: Option<&String>,
        t: &TypeRef,
        scope: &Option<ValueScope>,
        span: Span,
    ) -> Option<SchemaValue> {
        let text = text?.clone();
        let scope = match scope.as_ref().filter(|_| self.holds_qnames(t)) {
            Some(ValueScope::Tag(tag)) => Some(tag.clone()),
            Some(ValueScope::Undeclared(prefix)) => {
                self.undeclared_prefix(
                    span,
                    format!("prefix `{prefix}` in the QName value `{text}` is not declared"),
                );
                None
            }
            Some(ValueScope::Unscoped) | None => None,
        };
        Some(SchemaValue { text, scope })
    }

    /// Reports a QName value of the schema (a default, fixed or
    /// enumeration value) whose prefix is not declared where it is written:
    /// no instance could have it.
    fn undeclared_prefix(&mut self, span: Span, message: String) {
        self.diags.push(
            Diagnostic::error(Code::UndeclaredPrefix, Some(span), message).with_hint(
                "declare its prefix with xmlns:prefix=\"...\" where the value is written",
            ),
        );
    }

    /// True when `t` is `xs:QName` or `xs:NOTATION`, or restricts one.
    fn restricts_qname(&self, t: &TypeRef) -> bool {
        let mut t = t.clone();
        // Bounded: a cycle of restrictions is a schema error found earlier.
        for _ in 0..64 {
            match t {
                TypeRef::Builtin(b) => {
                    return matches!(b, BuiltinType::QName | BuiltinType::Notation)
                }
                TypeRef::Def(id) => match &self.model.types[id].kind {
                    TypeKind::Simple(SimpleType {
                        variety: SimpleVariety::Restriction { base },
                        ..
                    }) => t = base.clone(),
                    _ => return false,
                },
                TypeRef::Unresolved(_) => return false,
            }
        }
        false
    }

    /// An enumeration of QNames: each value is the name it stands for where
    /// the schema writes it (whatever prefix an instance gives it), its
    /// variant named after the local part. A value whose prefix the schema
    /// does not declare is an error.
    fn qname_enumeration(&mut self, name: String, doc: String, f: &Facets, span: Span) -> EnumDef {
        let mut scope = Scope::new();
        let mut seen = HashSet::new();
        let (mut values, mut names) = (Vec::new(), Vec::new());
        for (lexical, qname) in f.enumerations.iter().zip(&f.enumeration_names) {
            let Some(qname) = qname else {
                self.undeclared_prefix(
                    span,
                    format!("the QName enumeration value `{lexical}` of {name} is no QName in scope where it is written"),
                );
                continue;
            };
            // Two values naming the same QName are one variant.
            if seen.insert(qname) {
                values.push((
                    scope.unique(&naming::type_name(&qname.local), ""),
                    lexical.clone(),
                ));
                names.push((qname.ns.clone(), qname.local.clone()));
            }
        }
        EnumDef {
            name,
            doc,
            values,
            names: Some(names),
        }
    }

    /// True when values of `t` hold QNames: `xs:QName` or `xs:NOTATION`,
    /// or a restriction, list or union of one, or simple content of one.
    fn holds_qnames(&self, t: &TypeRef) -> bool {
        let mut todo = vec![t.clone()];
        let mut seen = HashSet::new();
        while let Some(t) = todo.pop() {
            let id = match t {
                TypeRef::Builtin(BuiltinType::QName | BuiltinType::Notation) => return true,
                TypeRef::Def(id) if seen.insert(id) => id,
                _ => continue,
            };
            match &self.model.types[id].kind {
                TypeKind::Simple(st) => match &st.variety {
                    SimpleVariety::Restriction { base } => todo.push(base.clone()),
                    SimpleVariety::List { item } => todo.push(item.clone()),
                    SimpleVariety::Union { members } => todo.extend(members.iter().cloned()),
                },
                TypeKind::Complex(ComplexType {
                    content: ComplexContent::Simple { base, .. },
                    ..
                }) => todo.push(base.clone()),
                TypeKind::Complex(_) => {}
            }
        }
        false
    }

    /// A restriction of a restriction restricts the first one's value space
    /// again: the type at the end of the chain from `base` (a built-in, an
    /// enumeration, a list or a union), with the facets of every step merged
    /// into `own` (a facet the derived type sets wins, being the tighter).
    /// The chain stops before a step whose patterns would join the derived
    /// type's, since patterns of two steps must both match.
    fn restriction_chain(&self, base: &TypeRef, own: &Facets) -> (TypeRef, Facets) {
        let mut base = base.clone();
        let mut facets = own.clone();
        // Bounded: a cycle of restrictions is a schema error found earlier.
        for _ in 0..64 {
            let TypeRef::Def(id) = base else { break };
            let TypeKind::Simple(st) = &self.model.types[id].kind else {
                break;
            };
            let SimpleVariety::Restriction { base: next } = &st.variety else {
                break;
            };
            let f = &st.facets;
            if !f.enumerations.is_empty() || !f.patterns.is_empty() && !facets.patterns.is_empty() {
                break;
            }
            facets.inherit(f);
            base = next.clone();
        }
        (base, facets)
    }

    fn simple_path(&mut self, t: &TypeRef, hint: &str, span: Span) -> String {
        match self.value_ty(t, hint, span) {
            Some(ValueTy::Simple(s)) => s,
            Some(ValueTy::Binary { .. }) => "::soapstone::__private::Binary".into(),
            _ => "::std::string::String".into(),
        }
    }

    // ---- generation --------------------------------------------------------

    fn generate(&mut self, t: TypeId) {
        let name = self.type_names[&t].clone();
        let def = self.model.types[t].clone();
        let doc = doc_for(
            &def.doc,
            def.name
                .as_ref()
                .map(|n| format!("XML Schema type `{n}`."))
                .unwrap_or_else(|| "Anonymous XML Schema type.".into()),
        );
        let as_ref = TypeRef::Def(t);
        if crate::analysis::binary_base(self.model, &as_ref, false).is_some()
            || crate::analysis::is_swaref(self.model, &as_ref, false)
        {
            // Mapped straight to Binary / HexBinary / String where used.
            return;
        }
        match &def.kind {
            TypeKind::Simple(st) => self.generate_simple(name, doc, st, def.span),
            TypeKind::Complex(ct) => self.generate_complex(name, doc, t, ct, def.span),
        }
    }

    fn generate_simple(&mut self, name: String, doc: String, st: &SimpleType, span: Span) {
        match &st.variety {
            SimpleVariety::Restriction { base } => {
                if !st.facets.enumerations.is_empty() {
                    let def = if self.restricts_qname(base) {
                        self.qname_enumeration(name, doc, &st.facets, span)
                    } else {
                        let mut scope = Scope::new();
                        // Two identical lexical values are one variant.
                        let mut seen = HashSet::new();
                        let values = (st.facets.enumerations.iter())
                            .filter(|v| seen.insert(v.as_str()))
                            .map(|v| (scope.unique(&naming::type_name(v), ""), v.clone()))
                            .collect();
                        EnumDef {
                            name,
                            doc,
                            values,
                            names: None,
                        }
                    };
                    self.items.push(Item::Enumeration(def));
                    return;
                }
                let (base, facets) = self.restriction_chain(base, &st.facets);
                let inner = self.simple_path(&base, &format!("{name}Base"), span);
                let numeric = is_prim(&inner) && inner != "bool" || is_big_number(&inner);
                let list = inner.contains("Vec<");
                self.items.push(Item::Newtype(NewtypeDef {
                    name,
                    doc,
                    inner,
                    facets,
                    numeric,
                    list,
                }));
            }
            SimpleVariety::List { item } => {
                let inner = self.simple_path(item, &format!("{name}Item"), span);
                self.items.push(Item::Newtype(NewtypeDef {
                    name,
                    doc,
                    inner: format!("::std::vec::Vec<{inner}>"),
                    facets: st.facets.clone(),
                    numeric: false,
                    list: true,
                }));
            }
            SimpleVariety::Union { members } => {
                let mut scope = Scope::new();
                let mut out = Vec::new();
                for (i, m) in members.iter().enumerate() {
                    let path = self.simple_path(m, &format!("{name}Member{}", i + 1), span);
                    let last = path
                        .rsplit("::")
                        .next()
                        .unwrap_or(&path)
                        .trim_end_matches('>');
                    let v = scope.unique(&naming::type_name(last), "");
                    out.push((v, path));
                }
                let v = scope.unique("Other", "");
                out.push((v, "::std::string::String".into()));
                self.items.push(Item::Union(UnionDef {
                    name,
                    doc,
                    members: out,
                }));
            }
        }
    }

    /// Attributes of a type, base chain first (extension), groups expanded.
    fn collect_attributes(
        &self,
        t: TypeId,
        out: &mut Vec<(AttributeId, AttributeUse)>,
        any: &mut Option<AnyNamespaces>,
        depth: usize,
    ) {
        if depth > 32 {
            return;
        }
        let TypeKind::Complex(ct) = &self.model.types[t].kind else {
            return;
        };
        // Attribute uses are inherited through extension and restriction
        // alike (a restriction redeclares or prohibits the ones it changes);
        // the attribute wildcard of a restriction is its own.
        let base = match &ct.content {
            ComplexContent::Simple {
                derivation, base, ..
            } => Some((*derivation, base)),
            ComplexContent::Complex {
                derivation: Some((derivation, base)),
                ..
            } => Some((*derivation, base)),
            _ => None,
        };
        let mut inherited = None;
        if let Some((derivation, TypeRef::Def(b))) = base {
            self.collect_attributes(*b, out, &mut inherited, depth + 1);
            if derivation == Derivation::Restriction {
                inherited = None;
            }
        }
        // XSD 1.0 §3.4.2: the type's own wildcard intersected with its
        // attribute groups' (the complete wildcard), then united with the
        // base's for an extension.
        let own = ct.any_attribute.as_ref().map(any_namespaces);
        let groups = self.attr_items(&ct.attributes, out, 0);
        let complete = intersect_wildcards(own, groups);
        *any = match (inherited, complete) {
            (Some(a), Some(b)) => Some(any_union(&a, &b)),
            (a, b) => a.or(b),
        };
    }

    /// Adds the attribute uses of `items` (attribute groups expanded) to
    /// `out`; the intersection of the referenced groups' complete
    /// attribute wildcards, when any has one.
    fn attr_items(
        &self,
        items: &[AttrItem],
        out: &mut Vec<(AttributeId, AttributeUse)>,
        depth: usize,
    ) -> Option<AnyNamespaces> {
        if depth > 32 {
            return None;
        }
        let mut any = None;
        for i in items {
            match i {
                AttrItem::Attribute { decl, use_ } => {
                    let name = &self.model.attributes[*decl].name;
                    out.retain(|(d, _)| self.model.attributes[*d].name != *name);
                    if *use_ != AttributeUse::Prohibited {
                        out.push((*decl, *use_));
                    }
                }
                AttrItem::Group(g) => {
                    let group = &self.model.attribute_groups[*g];
                    let own = group.any_attribute.as_ref().map(any_namespaces);
                    let nested = self.attr_items(&group.attributes, out, depth + 1);
                    any = intersect_wildcards(any, intersect_wildcards(own, nested));
                }
            }
        }
        any
    }

    fn generate_complex(
        &mut self,
        name: String,
        doc: String,
        t: TypeId,
        ct: &ComplexType,
        span: Span,
    ) {
        let mut scope = Scope::new();
        // The content field's name comes first: attributes named `value` or
        // `content` yield to it.
        match &ct.content {
            ComplexContent::Simple { .. } => scope.reserve("value"),
            ComplexContent::Complex { .. } if ct.mixed => scope.reserve("content"),
            ComplexContent::Complex { .. } => {}
        }
        let mut attrs = Vec::new();
        let mut any_attr = None;
        self.collect_attributes(t, &mut attrs, &mut any_attr, 0);
        let mut attributes = Vec::new();
        for (decl, use_) in attrs {
            let a = self.model.attributes[decl].clone();
            let content_type = a.name.local == "contentType" && ns::is_xmime(&a.name.ns);
            let ty = if content_type {
                // A5: the part's Content-Type, a plain string whatever its schema type.
                "::std::string::String".to_string()
            } else {
                self.simple_path(
                    &a.type_ref,
                    &format!("{name}{}", naming::type_name(&a.name.local)),
                    a.span,
                )
            };
            attributes.push(AttrField {
                name: scope.unique(&naming::field_name(&a.name.local), ""),
                doc: format!("Attribute `{}`.", a.name.local),
                xml: (a.name.ns.clone(), a.name.local.clone()),
                ty,
                required: use_ == AttributeUse::Required,
                default: self.schema_value(a.default.as_ref(), &a.type_ref, &a.value_scope, a.span),
                fixed: self.schema_value(a.fixed.as_ref(), &a.type_ref, &a.value_scope, a.span),
                content_type,
            });
        }
        let any_attribute = any_attr.map(|allowed| (scope.unique("other_attributes", ""), allowed));
        let body = match &ct.content {
            ComplexContent::Simple { .. } => {
                let (base, facets) = self.simple_content(t);
                let v = match &base {
                    Some(b) => self.value_ty(b, &format!("{name}Value"), span),
                    None => None,
                };
                match v {
                    Some(ValueTy::Complex(_)) | Some(ValueTy::AnyType) | None => {
                        Body::SimpleContent(ValueTy::Simple("::std::string::String".into()))
                    }
                    // Facets of simpleContent restrictions restrict the
                    // value: a checked newtype or an enumeration of its own.
                    Some(ValueTy::Simple(_)) if !facets.is_empty() => {
                        let value = self.fresh(&format!("{name}Value"), "");
                        let st = SimpleType {
                            variety: SimpleVariety::Restriction {
                                base: base.unwrap_or(TypeRef::Builtin(BuiltinType::String)),
                            },
                            facets,
                            final_: None,
                        };
                        let doc = format!("The value of `{name}`, restricted by its facets.");
                        self.generate_simple(value.clone(), doc, &st, span);
                        Body::SimpleContent(ValueTy::Simple(value))
                    }
                    Some(v) => Body::SimpleContent(v),
                }
            }
            ComplexContent::Complex { .. } if ct.mixed => Body::Mixed,
            ComplexContent::Complex { .. } => {
                let mut particles = Vec::new();
                self.content_particles(t, &mut particles, 0);
                let mut fields = Vec::new();
                let mut n = 0;
                match self.only_all(&particles) {
                    // `xs:all` (directly or through a group reference), once
                    // or optionally: its elements in any order, each
                    // optional when the whole `all` is.
                    Some((optional, g)) => {
                        for p in &g.particles {
                            self.flatten(&name, p, &mut fields, &mut scope, &mut n);
                        }
                        if optional {
                            for f in &mut fields {
                                if f.occurs == Occurs::One {
                                    f.occurs = Occurs::Optional;
                                }
                            }
                        }
                        // The any-order reader takes elements only; anything
                        // else (a substitution group's choice) is read in
                        // declaration order.
                        if fields
                            .iter()
                            .all(|f| matches!(f.kind, FieldKind::Element { .. }))
                        {
                            Body::All(fields)
                        } else {
                            Body::Sequence(fields)
                        }
                    }
                    None => {
                        for p in &particles {
                            self.flatten(&name, p, &mut fields, &mut scope, &mut n);
                        }
                        Body::Sequence(fields)
                    }
                }
            }
        };
        self.items.push(Item::Struct(StructDef {
            xsd_type: self.model.types[t]
                .name
                .as_ref()
                .map(|q| (q.ns.clone(), q.local.clone())),
            name,
            doc,
            attributes,
            any_attribute,
            body,
            group: None,
        }));
    }

    /// The `xs:all` group that is a type's whole content (written directly or
    /// through a group reference), occurring at most once; `true` when it
    /// may be absent.
    fn only_all(&self, particles: &[Particle]) -> Option<(bool, ModelGroup)> {
        let [p] = particles else { return None };
        if Occurs::of(p.min, p.max) == Occurs::Many {
            return None;
        }
        let group = match &p.term {
            Term::Group(g) => Some(g.clone()),
            Term::GroupRef(r) => self.model.groups[*r].group.clone(),
            _ => None,
        }?;
        (group.compositor == Compositor::All).then_some((p.min == 0, group))
    }

    /// The simple type under a simpleContent chain, and the facets of the
    /// restriction steps on the way up from `t`, merged (the nearest step's
    /// facet wins; the enumerations of the nearest step that has any).
    /// `None` for the type when `t` has no simple content.
    fn simple_content(&self, t: TypeId) -> (Option<TypeRef>, Facets) {
        let mut merged = Facets::default();
        let mut at = t;
        // Bounded: derivation cycles are broken when the model is built.
        for _ in 0..32 {
            let TypeKind::Complex(ComplexType {
                content:
                    ComplexContent::Simple {
                        derivation,
                        base,
                        facets,
                    },
                ..
            }) = &self.model.types[at].kind
            else {
                break;
            };
            if *derivation == Derivation::Restriction {
                merged.inherit(facets);
                if merged.enumerations.is_empty() {
                    merged.enumerations.clone_from(&facets.enumerations);
                    merged
                        .enumeration_names
                        .clone_from(&facets.enumeration_names);
                }
            }
            match base {
                TypeRef::Def(b) if matches!(self.model.types[*b].kind, TypeKind::Complex(_)) => {
                    at = *b;
                }
                other => return (Some(other.clone()), merged),
            }
        }
        (None, merged)
    }

    /// Particles of a complex type, base content first for an extension.
    fn content_particles(&self, t: TypeId, out: &mut Vec<Particle>, depth: usize) {
        if depth > 32 {
            return;
        }
        let TypeKind::Complex(ct) = &self.model.types[t].kind else {
            return;
        };
        let ComplexContent::Complex {
            derivation,
            particle,
        } = &ct.content
        else {
            return;
        };
        if let Some((Derivation::Extension, TypeRef::Def(b))) = derivation {
            self.content_particles(*b, out, depth + 1);
        }
        // An empty `<xs:sequence/>` or `<xs:all/>` adds nothing (XSD 1.0
        // §3.4.2: empty content), so an extension that writes one beside an
        // `xs:all` base (JAXB does) keeps that `all` on its own.
        let empty = |p: &Particle| matches!(&p.term, Term::Group(g) if g.particles.is_empty() && g.compositor != Compositor::Choice);
        if let Some(p) = particle.as_ref().filter(|p| !empty(p)) {
            out.push(p.clone());
        }
    }

    /// Turns a particle into fields of `owner`.
    fn flatten(
        &mut self,
        owner: &str,
        p: &Particle,
        fields: &mut Vec<Field>,
        scope: &mut Scope,
        n: &mut usize,
    ) {
        let occurs = Occurs::of(p.min, p.max);
        let start = fields.len();
        self.flatten_term(owner, p, occurs, fields, scope, n);
        // The bounds of a repeated particle other than 0..unbounded, on the
        // one field it became (a group or choice taken once flattens into
        // its members, which carry their own).
        if occurs == Occurs::Many && fields.len() == start + 1 {
            let max = match p.max {
                MaxOccurs::Bounded(m) => Some(m),
                MaxOccurs::Unbounded => None,
            };
            if let Some(f) = fields.last_mut().filter(|f| f.occurs == Occurs::Many) {
                f.bounds = (p.min > 0 || max.is_some()).then_some((p.min, max));
            }
        }
    }

    /// [`flatten`](Self::flatten) of one particle whose occurrence is `occurs`.
    fn flatten_term(
        &mut self,
        owner: &str,
        p: &Particle,
        occurs: Occurs,
        fields: &mut Vec<Field>,
        scope: &mut Scope,
        n: &mut usize,
    ) {
        match &p.term {
            Term::Element(e) => {
                if let Some(f) = self.element_field(owner, *e, occurs, scope) {
                    fields.push(f);
                }
            }
            Term::Any(w) => fields.push(Field {
                name: scope.unique("any", ""),
                doc: "Elements matched by `xs:any`, kept as XML.".into(),
                occurs: if occurs == Occurs::One {
                    Occurs::One
                } else {
                    occurs
                },
                bounds: None,
                kind: FieldKind::Any(any_namespaces(w)),
                boxed: false,
            }),
            Term::Unresolved => {}
            Term::GroupRef(g) => {
                if let Some(mg) = self.model.groups[*g].group.clone() {
                    let inner = Particle {
                        min: p.min,
                        max: p.max,
                        term: Term::Group(mg),
                    };
                    self.flatten(owner, &inner, fields, scope, n);
                }
            }
            Term::Group(g) => {
                if g.compositor != Compositor::Choice && occurs == Occurs::One {
                    for c in &g.particles {
                        self.flatten(owner, c, fields, scope, n);
                    }
                    return;
                }
                *n += 1;
                if g.compositor == Compositor::Choice {
                    // A choice one of whose alternatives can be empty can
                    // be absent altogether.
                    let occurs = if occurs == Occurs::One && self.nullable(p, 0) {
                        Occurs::Optional
                    } else {
                        occurs
                    };
                    let ty = self.choice_enum(owner, g, *n);
                    let first = self.first_of_group(g);
                    fields.push(Field {
                        name: scope.unique("choice", ""),
                        doc: format!(
                            "A choice of {}.",
                            first
                                .iter()
                                .map(|(_, l)| format!("`{l}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        occurs,
                        bounds: None,
                        kind: FieldKind::Choice { ty, first },
                        boxed: false,
                    });
                } else {
                    let ty = self.fresh(&format!("{owner}Group{n}"), "");
                    let first = self.group_struct(&ty, g);
                    fields.push(Field {
                        name: scope.unique("group", ""),
                        doc: "A repeated or optional group of elements.".into(),
                        occurs,
                        bounds: None,
                        kind: FieldKind::Group { ty, first },
                        boxed: false,
                    });
                }
            }
        }
    }

    /// The struct of a repeated or optional group; returns the element names
    /// it can start with.
    fn group_struct(&mut self, name: &str, g: &ModelGroup) -> Vec<Name> {
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        let mut n = 0;
        for c in &g.particles {
            self.flatten(name, c, &mut fields, &mut scope, &mut n);
        }
        let starts = self.starts_of_group(g);
        let first = starts.0.clone();
        self.items.push(Item::Struct(StructDef {
            xsd_type: None,
            name: name.to_string(),
            doc: "A group of elements read in sequence.".into(),
            attributes: Vec::new(),
            any_attribute: None,
            body: Body::Sequence(fields),
            group: Some(starts),
        }));
        first
    }

    fn choice_enum(&mut self, owner: &str, g: &ModelGroup, n: usize) -> String {
        let name = self.fresh(
            &format!(
                "{owner}Choice{}",
                if n > 1 { n.to_string() } else { String::new() }
            ),
            "",
        );
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        let mut k = 0;
        for p in &g.particles {
            k += 1;
            match &p.term {
                Term::Element(e) if !self.model.substitutions.contains_key(e) => {
                    let decl = self.model.elements[*e].clone();
                    let Some(value) = self.value_ty(&decl.type_ref, &decl.name.local, decl.span)
                    else {
                        continue;
                    };
                    let value = self.with_annotation(value, &decl);
                    variants.push(Variant {
                        name: scope.unique(&naming::type_name(&decl.name.local), ""),
                        kind: self.element_kind(&decl, value),
                        many: p.max.is_many(),
                        boxed: false,
                    });
                }
                Term::Any(w) => variants.push(Variant {
                    name: scope.unique("Any", ""),
                    kind: FieldKind::Any(any_namespaces(w)),
                    many: p.max.is_many(),
                    boxed: false,
                }),
                Term::Unresolved => {}
                _ => {
                    // A group alternative: its own struct (or choice) read in place.
                    let sub = self.fresh(&format!("{name}Option{k}"), "");
                    let mut fields = Vec::new();
                    let mut sc = Scope::new();
                    let mut m = 0;
                    let single = Particle {
                        min: 1,
                        max: MaxOccurs::Bounded(1),
                        term: p.term.clone(),
                    };
                    self.flatten(&sub, &single, &mut fields, &mut sc, &mut m);
                    let starts = self.starts_of(p);
                    let first = starts.0.clone();
                    self.items.push(Item::Struct(StructDef {
                        xsd_type: None,
                        name: sub.clone(),
                        doc: format!("Alternative {k} of `{name}`."),
                        attributes: Vec::new(),
                        any_attribute: None,
                        body: Body::Sequence(fields),
                        group: Some(starts),
                    }));
                    variants.push(Variant {
                        name: scope.unique(&format!("Option{k}"), ""),
                        kind: FieldKind::Group { ty: sub, first },
                        many: p.max.is_many(),
                        boxed: false,
                    });
                }
            }
        }
        self.items.push(Item::Choice(ChoiceDef {
            name: name.clone(),
            doc: "One of several alternatives (`xs:choice`).".into(),
            variants,
        }));
        name
    }

    /// A field for an element particle (a substitution group head becomes an
    /// enum of its members).
    fn element_field(
        &mut self,
        owner: &str,
        e: ElementId,
        occurs: Occurs,
        scope: &mut Scope,
    ) -> Option<Field> {
        let decl = self.model.elements[e].clone();
        if self.model.substitutions.contains_key(&e) {
            let ty = self.substitution_enum(e);
            let first = self
                .members(e)
                .iter()
                .map(|m| {
                    let n = &self.model.elements[*m].name;
                    (n.ns.clone(), n.local.clone())
                })
                .collect();
            return Some(Field {
                name: scope.unique(&naming::field_name(&decl.name.local), ""),
                doc: doc_for(
                    &decl.doc,
                    format!(
                        "Element `{}` or a member of its substitution group.",
                        decl.name.local
                    ),
                ),
                occurs,
                bounds: None,
                kind: FieldKind::Choice { ty, first },
                boxed: false,
            });
        }
        let hint = if decl.global {
            decl.name.local.clone()
        } else {
            format!("{owner}{}", naming::type_name(&decl.name.local))
        };
        let hint = if matches!(&decl.type_ref, TypeRef::Def(t) if self.model.types[*t].name.is_none())
            && !decl.global
        {
            // Anonymous local types take the element's name when it is free.
            if self.names_free(&naming::type_name(&decl.name.local)) {
                decl.name.local.clone()
            } else {
                hint
            }
        } else {
            hint
        };
        let value = self.value_ty(&decl.type_ref, &hint, decl.span)?;
        let value = self.with_annotation(value, &decl);
        Some(Field {
            name: scope.unique(&naming::field_name(&decl.name.local), ""),
            doc: doc_for(&decl.doc, format!("Element `{}`.", decl.name.local)),
            occurs,
            bounds: None,
            kind: self.element_kind(&decl, value),
            boxed: false,
        })
    }

    fn names_free(&self, n: &str) -> bool {
        self.names.is_free(n)
    }

    /// Binary fields take the single concrete expected type (C4) and the
    /// per-field optimize setting.
    fn with_annotation(&self, value: ValueTy, decl: &ElementDecl) -> ValueTy {
        match value {
            ValueTy::Binary { .. } => {
                let ranges = decl
                    .expected_content_types
                    .as_ref()
                    .or_else(|| match &decl.type_ref {
                        TypeRef::Def(t) => self.model.types[*t].expected_content_types.as_ref(),
                        _ => None,
                    })
                    .map(|a| a.ranges.clone())
                    .unwrap_or_default();
                let expected = match ranges.as_slice() {
                    [one] if one.is_concrete() => Some(format!("{}/{}", one.type_, one.subtype)),
                    _ => None,
                };
                let optimize = self.settings.optimize_for(&decl.name.local);
                ValueTy::Binary { expected, optimize }
            }
            other => other,
        }
    }

    fn members(&self, head: ElementId) -> Vec<ElementId> {
        let mut out = Vec::new();
        let mut todo = vec![head];
        let mut seen = HashSet::new();
        while let Some(e) = todo.pop() {
            if !seen.insert(e) {
                continue;
            }
            if !self.model.elements[e].is_abstract {
                out.push(e);
            }
            if let Some(m) = self.model.substitutions.get(&e) {
                todo.extend(m.iter().rev().copied());
            }
        }
        out
    }

    fn substitution_enum(&mut self, head: ElementId) -> String {
        if let Some(n) = self.group_enums.get(&head) {
            return n.clone();
        }
        let hname = self.model.elements[head].name.local.clone();
        let name = self.fresh(&format!("{hname}Group"), "");
        self.group_enums.insert(head, name.clone());
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        for m in self.members(head) {
            let decl = self.model.elements[m].clone();
            let Some(value) = self.value_ty(&decl.type_ref, &decl.name.local, decl.span) else {
                continue;
            };
            let value = self.with_annotation(value, &decl);
            variants.push(Variant {
                name: scope.unique(&naming::type_name(&decl.name.local), ""),
                kind: self.element_kind(&decl, value),
                many: false,
                boxed: false,
            });
        }
        self.items.push(Item::Choice(ChoiceDef {
            name: name.clone(),
            doc: format!("Element `{hname}` or any member of its substitution group."),
            variants,
        }));
        name
    }

    // ---- first sets --------------------------------------------------------

    /// The element names a group can start with, sorted, each once.
    fn first_of_group(&self, g: &ModelGroup) -> Vec<Name> {
        self.starts_of_group(g).0
    }

    /// The element names (sorted, each once) and the wildcards that can
    /// take the first element of group `g`.
    fn starts_of_group(&self, g: &ModelGroup) -> First {
        let mut first = First::default();
        self.group_first_set(g, 0, &mut first);
        first.0.sort();
        first.0.dedup();
        first
    }

    /// [`starts_of_group`](Self::starts_of_group) of a particle.
    fn starts_of(&self, p: &Particle) -> First {
        let mut first = First::default();
        self.first_set(p, 0, &mut first);
        first.0.sort();
        first.0.dedup();
        first
    }

    /// Adds to `first` the element names and wildcards that can take the
    /// first element `p` matches.
    fn first_set(&self, p: &Particle, depth: usize, first: &mut First) {
        if depth > 32 {
            return;
        }
        match &p.term {
            Term::Element(e) => first.0.extend(self.members(*e).iter().map(|m| {
                let n = &self.model.elements[*m].name;
                (n.ns.clone(), n.local.clone())
            })),
            Term::Any(w) => first.1.push(any_namespaces(w)),
            Term::Group(g) => self.group_first_set(g, depth + 1, first),
            Term::GroupRef(g) => {
                if let Some(g) = &self.model.groups[*g].group {
                    self.group_first_set(g, depth + 1, first);
                }
            }
            Term::Unresolved => {}
        }
    }

    /// [`first_set`](Self::first_set) of a group: every particle of a
    /// choice or `all`, a sequence's up to the first that must occur.
    fn group_first_set(&self, g: &ModelGroup, depth: usize, first: &mut First) {
        for p in &g.particles {
            self.first_set(p, depth, first);
            if g.compositor == Compositor::Sequence && !self.nullable(p, 0) {
                break;
            }
        }
    }

    /// True when `p` can match no element at all.
    fn nullable(&self, p: &Particle, depth: usize) -> bool {
        if p.min == 0 || depth > 32 {
            return true;
        }
        match &p.term {
            Term::Group(g) => self.group_nullable(g, depth),
            Term::GroupRef(g) => self.model.groups[*g]
                .group
                .as_ref()
                .is_some_and(|g| self.group_nullable(g, depth)),
            _ => false,
        }
    }

    /// True when one occurrence of `g` can match no element: any
    /// alternative of a choice, every particle of a sequence or `all`.
    fn group_nullable(&self, g: &ModelGroup, depth: usize) -> bool {
        match g.compositor {
            Compositor::Choice => g.particles.iter().any(|c| self.nullable(c, depth + 1)),
            _ => g.particles.iter().all(|c| self.nullable(c, depth + 1)),
        }
    }

    // ---- operations --------------------------------------------------------

    fn bindings(&mut self, binaries: &[BinaryField]) {
        let mut modules = Scope::new();
        // The module of global element names.
        modules.unique("elements", "");
        for (bid, b) in self.model.bindings.iter() {
            let (Some(pt), Some(version)) = (b.port_type, b.soap_version) else {
                continue;
            };
            let mut consts = Scope::new();
            // The generated client's and server's own items.
            let mut methods = Scope::new();
            for taken in [
                "new",
                "for_port",
                "with_client",
                "configure",
                "inner",
                "clone",
            ] {
                methods.unique(taken, "");
            }
            consts.unique("PORTS", "");
            consts.unique("PORTS_WITHOUT_MTOM", "");
            // Type names in the binding module: the aliases, and the client
            // struct and server trait.
            let mut types = Scope::new();
            for taken in ["Client", "Service"] {
                types.unique(taken, "");
            }
            // A policy attached to a port bound here counts for the binding
            // (the generated constants are per binding, and take the
            // strongest); a port whose own policy asks for no MTOM is listed,
            // so that its client sends inline.
            let bound: Vec<&Port> = self
                .model
                .services
                .iter()
                .flat_map(|(_, s)| s.ports.iter())
                .filter(|p| p.binding == Some(bid))
                .collect();
            let policy = bound.iter().map(|p| p.mtom).fold(b.mtom, MtomPolicy::max);
            let uses_mtom = |policy: MtomPolicy| match self.settings.mtom {
                crate::settings::Mtom::On => true,
                crate::settings::Mtom::Off => false,
                crate::settings::Mtom::Policy => policy != MtomPolicy::None,
            };
            let inline_ports: Vec<String> = if uses_mtom(policy) {
                bound
                    .iter()
                    .filter(|p| !uses_mtom(b.mtom.max(p.mtom)))
                    .map(|p| p.name.clone())
                    .collect()
            } else {
                Vec::new()
            };
            let mut ops = Vec::new();
            for bo in &b.operations {
                let Some((index, op)) = bo
                    .operation
                    .map(|i| (i, self.model.port_types[pt].operations[i].clone()))
                else {
                    continue;
                };
                let input = self.body_type(
                    op.input.as_ref(),
                    &op.name,
                    bo.style,
                    bo.input.as_ref(),
                    false,
                    bo.span,
                );
                let output = self.body_type(
                    op.output.as_ref(),
                    &op.name,
                    bo.style,
                    bo.output.as_ref(),
                    true,
                    bo.span,
                );
                // By position: overloaded operations share a name.
                let key = (self.model.port_types[pt].name.to_string(), index);
                let const_name = consts.unique(&naming::const_name(&op.name), "_OP");
                let fault = match self.fault_enums.get(&key) {
                    Some(f) => f.clone(),
                    None => {
                        let f = self.fault_enum(&op);
                        self.fault_enums.insert(key, f.clone());
                        f
                    }
                };
                let [input_parts, output_parts] = [
                    (op.input.as_ref(), bo.input.as_ref(), "InputParts"),
                    (op.output.as_ref(), bo.output.as_ref(), "OutputParts"),
                ]
                .map(|(message, binding, suffix)| {
                    let parts = self.mime_parts(message, binding);
                    (!parts.is_empty()).then(|| PartsPlan {
                        type_name: types.unique(
                            &format!("{}{suffix}", naming::type_name(&op.name)),
                            "Struct",
                        ),
                        parts,
                    })
                });
                ops.push(OperationPlan {
                    input_parts,
                    output_parts,
                    const_name: const_name.clone(),
                    binaries_const: consts.unique(&format!("{const_name}_BINARIES"), "_LIST"),
                    aliases: ["Input", "Output", "Fault"].map(|suffix| {
                        types.unique(&format!("{}{suffix}", naming::type_name(&op.name)), "Alias")
                    }),
                    method: methods.unique(&naming::field_name(&op.name), "_op"),
                    name: op.name.clone(),
                    soap_version: version.as_str(),
                    action: bo.soap_action.clone().unwrap_or_default(),
                    style: match bo.style {
                        Style::Document => "document",
                        Style::Rpc => "rpc",
                    },
                    mtom: match policy {
                        MtomPolicy::Required => "required",
                        MtomPolicy::Optional => "optional",
                        MtomPolicy::None => "none",
                    },
                    use_mtom: uses_mtom(policy),
                    threshold: self.settings.threshold,
                    input_headers: self.header_elements(bo.input.as_ref()),
                    output_headers: self.header_elements(bo.output.as_ref()),
                    input,
                    output,
                    fault,
                    binaries: binaries
                        .iter()
                        .filter(|x| {
                            x.binding.as_deref() == Some(b.name.local.as_str())
                                && x.operation.as_deref() == Some(op.name.as_str())
                        })
                        .cloned()
                        .collect(),
                });
            }
            // Requests an endpoint cannot tell apart (WS-I BP R2710): one
            // body element and one action for two operations.
            for (i, later) in ops.iter().enumerate() {
                let Some((element, _)) = &later.input else {
                    continue;
                };
                let same = ops[..i].iter().find(|o| {
                    o.input.as_ref().is_some_and(|(e, _)| e == element) && o.action == later.action
                });
                if let Some(earlier) = same {
                    self.diags.push(
                        Diagnostic::warning(
                            Code::InvalidWsdl,
                            Some(b.span),
                            format!(
                                "operations `{}` and `{}` of binding `{}` take the same body element {{{}}}{} with the same action {:?}: an endpoint routes both to `{}`",
                                earlier.name, later.name, b.name.local, element.0, element.1, later.action, later.name
                            ),
                        )
                        .with_hint("give each operation its own soapAction or its own body element (WS-I BP R2710)"),
                    );
                }
            }
            let ports = bound
                .iter()
                .map(|p| (p.name.clone(), p.address.clone().unwrap_or_default()))
                .collect();
            self.plan.bindings.push(BindingPlan {
                module: modules.unique(&module_name(&b.name.local), "_binding"),
                name: b.name.clone(),
                operations: ops,
                inline_ports,
                ports,
            });
        }
    }

    /// The elements of a binding input's or output's `soap:header`s (those
    /// whose part names an element).
    fn header_elements(&self, binding: Option<&BindingMessage>) -> Vec<Name> {
        binding
            .iter()
            .flat_map(|m| m.headers.iter())
            .filter_map(|h| {
                let m = &self.model.messages[h.message?];
                match m.parts.iter().find(|p| p.name == h.part)?.content {
                    PartContent::Element(e) => {
                        let n = &self.model.elements[e].name;
                        Some((n.ns.clone(), n.local.clone()))
                    }
                    _ => None,
                }
            })
            .collect()
    }

    /// The MIME parts a `mime:multipartRelated` binding puts beside the SOAP
    /// envelope, each part once, in binding order.
    fn mime_parts(
        &mut self,
        msg: Option<&OperationMessage>,
        message: Option<&BindingMessage>,
    ) -> Vec<MimePartPlan> {
        let mut fields = Scope::new();
        let mut out: Vec<MimePartPlan> = Vec::new();
        let bound = message.map(BindingMessage::mime_parts).unwrap_or_default();
        let alternatives: Vec<&str> = bound
            .iter()
            .filter(|b| b.alternative)
            .map(|b| b.part.as_str())
            .collect();
        if !alternatives.is_empty() {
            self.diags.push(Diagnostic::warning(
                Code::InvalidWsdl,
                bound.iter().find(|b| b.alternative).and_then(|b| b.span),
                format!(
                    "mime:content alternatives name different parts ({}); a sender sends one \
                     of them, so each is optional",
                    alternatives.join(", ")
                ),
            ));
        }
        for b in bound {
            let (part, allowed, xml_part) = (b.part, b.types, b.xml);
            // A mimeXml part of an element is that element's document, typed.
            let element = msg
                .and_then(|m| m.message)
                .and_then(|mid| {
                    self.model.messages[mid]
                        .parts
                        .iter()
                        .find(|p| p.name == part)
                })
                .and_then(|p| match p.content {
                    PartContent::Element(e) if xml_part => Some(e),
                    _ => None,
                });
            let xml = element.and_then(|e| {
                let decl = self.model.elements[e].clone();
                let v = self.value_ty(&decl.type_ref, &decl.name.local, decl.span)?;
                Some((
                    (decl.name.ns.clone(), decl.name.local.clone()),
                    body_type_string(&v),
                ))
            });
            // The first alternative that names one media type (not a range).
            let content_type = allowed
                .iter()
                .find(|t| !t.contains('*'))
                .cloned()
                .unwrap_or_default();
            out.push(MimePartPlan {
                field: fields.unique(&naming::field_name(&part), "_part"),
                part,
                content_type,
                allowed,
                xml,
                optional: b.alternative,
            });
        }
        out
    }

    /// The body element and Rust type of an input or output: the element of a
    /// single document/literal part, or a generated wrapper for rpc/literal
    /// (and for several document parts).
    fn body_type(
        &mut self,
        msg: Option<&OperationMessage>,
        op: &str,
        style: Style,
        binding: Option<&BindingMessage>,
        response: bool,
        span: Span,
    ) -> Option<(Name, String)> {
        let mid = msg?.message?;
        let message = self.model.messages[mid].clone();
        // Parts a mime:part other than the root binds travel beside the
        // envelope, never in the body.
        let in_mime: Vec<String> = binding
            .map(|b| b.mime_parts().into_iter().map(|m| m.part).collect())
            .unwrap_or_default();
        let in_body: Vec<Part> = message
            .parts
            .iter()
            .filter(|p| {
                let b = binding.and_then(|b| b.body.as_ref());
                let listed = b
                    .and_then(|b| b.parts.as_ref())
                    .is_none_or(|ps| ps.contains(&p.name));
                let in_header = binding.is_some_and(|b| {
                    b.headers
                        .iter()
                        .any(|h| h.message == Some(mid) && h.part == p.name)
                });
                listed && !in_header && !in_mime.contains(&p.name)
            })
            .cloned()
            .collect();
        if style == Style::Document {
            if let [part] = in_body.as_slice() {
                if let PartContent::Element(e) = part.content {
                    let decl = self.model.elements[e].clone();
                    let v = self.value_ty(&decl.type_ref, &decl.name.local, decl.span)?;
                    return Some((
                        (decl.name.ns.clone(), decl.name.local.clone()),
                        body_type_string(&v),
                    ));
                }
            }
        }
        if style == Style::Document && in_body.is_empty() {
            // No body part (every part a header block or an attachment): an
            // empty Body, read and written as `()` (WS-I BP R2202).
            return Some(((String::new(), String::new()), EMPTY_BODY_TYPE.to_string()));
        }
        if style == Style::Document {
            // WS-I BP R2201: a document/literal body holds one part's
            // element. Several parts have no element to name the body: say
            // so, since the wrapper below is our invention.
            self.diags.push(
                Diagnostic::warning(
                    Code::InvalidWsdl,
                    Some(span),
                    format!(
                        "the {} of document-style operation `{op}` has {}, where WS-I BP R2201 \
                         wants one part naming an element; soapstone wraps {} in an element \
                         `{op}{}` (in the soap:body namespace, if any), which peers following the \
                         WSDL will not expect",
                        if response { "output" } else { "input" },
                        match in_body.as_slice() {
                            [one] => format!("one body part, `{}`, that names a type", one.name),
                            parts => format!("{} body parts", parts.len()),
                        },
                        if in_body.len() == 1 { "it" } else { "them" },
                        if response { "Response" } else { "" },
                    ),
                )
                .with_hint(if in_body.len() == 1 {
                    "give the part an element= instead of a type="
                } else {
                    "give the message one part whose element wraps the others"
                }),
            );
        }
        // rpc/literal (or several parts): a wrapper named after the operation.
        let wrapper_local = if response {
            format!("{op}Response")
        } else {
            op.to_string()
        };
        let wrapper_ns = binding
            .and_then(|b| b.body.as_ref())
            .and_then(|b| b.namespace.clone())
            .unwrap_or_default();
        let name = self.fresh(&wrapper_local, if response { "Message" } else { "Request" });
        let mut scope = Scope::new();
        let mut fields = Vec::new();
        for part in &in_body {
            let (value, pname) = match &part.content {
                PartContent::Element(e) if style == Style::Document => {
                    let decl = self.model.elements[*e].clone();
                    let v = self.value_ty(&decl.type_ref, &decl.name.local, decl.span);
                    (
                        v.map(|v| self.with_annotation(v, &decl)),
                        (decl.name.ns.clone(), decl.name.local.clone()),
                    )
                }
                PartContent::Element(e) => {
                    let decl = self.model.elements[*e].clone();
                    (
                        self.value_ty(&decl.type_ref, &decl.name.local, decl.span),
                        (String::new(), part.name.clone()),
                    )
                }
                PartContent::Type(t) => (
                    self.value_ty(
                        t,
                        &format!("{name}{}", naming::type_name(&part.name)),
                        part.span,
                    ),
                    (String::new(), part.name.clone()),
                ),
                PartContent::Missing => (None, (String::new(), part.name.clone())),
            };
            let Some(value) = value else {
                self.error(
                    span,
                    format!(
                        "part `{}` of operation `{op}` has no usable type",
                        part.name
                    ),
                    "fix the part's element= or type=",
                );
                continue;
            };
            fields.push(Field {
                name: scope.unique(&naming::field_name(&part.name), ""),
                doc: format!("Part `{}`.", part.name),
                occurs: Occurs::One,
                bounds: None,
                kind: FieldKind::Element {
                    name: pname,
                    value,
                    nillable: false,
                    default: None,
                    fixed: false,
                },
                boxed: false,
            });
        }
        self.items.push(Item::Struct(StructDef {
            xsd_type: None,
            name: name.clone(),
            doc: format!(
                "The {} of operation `{op}` ({} wrapper).",
                if response { "response" } else { "request" },
                if style == Style::Rpc {
                    "rpc/literal"
                } else {
                    "multi-part document/literal"
                }
            ),
            attributes: Vec::new(),
            any_attribute: None,
            body: Body::Sequence(fields),
            group: None,
        }));
        Some(((wrapper_ns, wrapper_local), name))
    }

    fn fault_enum(&mut self, op: &Operation) -> Option<String> {
        if op.faults.is_empty() {
            return None;
        }
        let name = self.fresh(&format!("{}Fault", op.name), "");
        let mut scope = Scope::new();
        let mut variants = Vec::new();
        for f in &op.faults {
            let Some(mid) = f.message else { continue };
            let message = self.model.messages[mid].clone();
            let Some(part) = message.parts.first() else {
                continue;
            };
            let PartContent::Element(e) = part.content else {
                continue;
            };
            let decl = self.model.elements[e].clone();
            let Some(value) = self.value_ty(&decl.type_ref, &decl.name.local, decl.span) else {
                continue;
            };
            variants.push(Variant {
                name: scope.unique(
                    &naming::type_name(f.name.as_deref().unwrap_or(&decl.name.local)),
                    "",
                ),
                kind: FieldKind::Element {
                    name: (decl.name.ns.clone(), decl.name.local.clone()),
                    value,
                    nillable: false,
                    default: None,
                    fixed: false,
                },
                many: false,
                boxed: false,
            });
        }
        if variants.is_empty() {
            return None;
        }
        self.items.push(Item::Choice(ChoiceDef {
            name: name.clone(),
            doc: format!(
                "The faults operation `{}` declares, by their detail element.",
                op.name
            ),
            variants,
        }));
        Some(name)
    }
}

/// The Rust type of a body element's content: element content is the type
/// itself; simple and binary content take the runtime's wrappers, which read
/// and write it as an element.
fn body_type_string(v: &ValueTy) -> String {
    match v {
        ValueTy::Simple(n) => format!("::soapstone::__private::SimpleElement<{n}>"),
        ValueTy::Binary { .. } => "::soapstone::__private::BinaryElement".into(),
        _ => type_string(v),
    }
}

/// A value type as Rust type syntax.
pub fn type_string(v: &ValueTy) -> String {
    match v {
        ValueTy::Complex(n) | ValueTy::Simple(n) => n.clone(),
        ValueTy::Binary { .. } => "::soapstone::__private::Binary".into(),
        ValueTy::AnyType => "::soapstone::__private::AnyElement".into(),
    }
}

fn doc_for(doc: &Option<String>, fallback: String) -> String {
    match doc {
        Some(d) if !d.trim().is_empty() => d.clone(),
        _ => fallback,
    }
}

#[cfg(test)]
mod tests {
    use super::{any_intersection, any_union, AnyNamespaces};

    fn only(list: &[&str]) -> AnyNamespaces {
        Some((false, list.iter().map(|s| s.to_string()).collect()))
    }
    fn all_but(list: &[&str]) -> AnyNamespaces {
        Some((true, list.iter().map(|s| s.to_string()).collect()))
    }
    /// Whether `w` allows namespace `ns`.
    fn allows(w: &AnyNamespaces, ns: &str) -> bool {
        w.as_ref()
            .is_none_or(|(all_but, list)| list.iter().any(|n| n == ns) != *all_but)
    }

    #[test]
    fn wildcard_intersection_and_union_allow_what_the_sets_do() {
        let cases = [
            None,
            only(&["a", "b"]),
            only(&["b", ""]),
            all_but(&["a", ""]),
            all_but(&["c"]),
            only(&[]),
        ];
        for x in &cases {
            for y in &cases {
                let (i, u) = (any_intersection(x, y), any_union(x, y));
                for ns in ["a", "b", "c", "d", ""] {
                    assert_eq!(
                        allows(&i, ns),
                        allows(x, ns) && allows(y, ns),
                        "{x:?} ∩ {y:?} at {ns:?}"
                    );
                    assert_eq!(
                        allows(&u, ns),
                        allows(x, ns) || allows(y, ns),
                        "{x:?} ∪ {y:?} at {ns:?}"
                    );
                }
            }
        }
    }
}
