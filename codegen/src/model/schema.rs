//! The XML Schema part of the model: elements, types, attributes and groups,
//! every reference resolved to an id or a built-in type.

use super::arena::{AttributeGroupId, AttributeId, ElementId, GroupId, TypeId};
use crate::diag::Span;
use crate::media::MediaAnnotation;
use crate::names::QName;

/// The XSD built-in datatypes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum BuiltinType {
    AnyType,
    AnySimpleType,
    String,
    Boolean,
    Decimal,
    Float,
    Double,
    Duration,
    DateTime,
    Time,
    Date,
    GYearMonth,
    GYear,
    GMonthDay,
    GDay,
    GMonth,
    HexBinary,
    Base64Binary,
    AnyUri,
    QName,
    Notation,
    NormalizedString,
    Token,
    Language,
    NmToken,
    NmTokens,
    Name,
    NcName,
    Id,
    IdRef,
    IdRefs,
    Entity,
    Entities,
    Integer,
    NonPositiveInteger,
    NegativeInteger,
    Long,
    Int,
    Short,
    Byte,
    NonNegativeInteger,
    UnsignedLong,
    UnsignedInt,
    UnsignedShort,
    UnsignedByte,
    PositiveInteger,
}

impl BuiltinType {
    /// The built-in with this local name in the XML Schema namespace.
    pub fn from_local(name: &str) -> Option<BuiltinType> {
        use BuiltinType::*;
        Some(match name {
            "anyType" => AnyType,
            "anySimpleType" => AnySimpleType,
            "string" => String,
            "boolean" => Boolean,
            "decimal" => Decimal,
            "float" => Float,
            "double" => Double,
            "duration" => Duration,
            "dateTime" => DateTime,
            "time" => Time,
            "date" => Date,
            "gYearMonth" => GYearMonth,
            "gYear" => GYear,
            "gMonthDay" => GMonthDay,
            "gDay" => GDay,
            "gMonth" => GMonth,
            "hexBinary" => HexBinary,
            "base64Binary" => Base64Binary,
            "anyURI" => AnyUri,
            "QName" => QName,
            "NOTATION" => Notation,
            "normalizedString" => NormalizedString,
            "token" => Token,
            "language" => Language,
            "NMTOKEN" => NmToken,
            "NMTOKENS" => NmTokens,
            "Name" => Name,
            "NCName" => NcName,
            "ID" => Id,
            "IDREF" => IdRef,
            "IDREFS" => IdRefs,
            "ENTITY" => Entity,
            "ENTITIES" => Entities,
            "integer" => Integer,
            "nonPositiveInteger" => NonPositiveInteger,
            "negativeInteger" => NegativeInteger,
            "long" => Long,
            "int" => Int,
            "short" => Short,
            "byte" => Byte,
            "nonNegativeInteger" => NonNegativeInteger,
            "unsignedLong" => UnsignedLong,
            "unsignedInt" => UnsignedInt,
            "unsignedShort" => UnsignedShort,
            "unsignedByte" => UnsignedByte,
            "positiveInteger" => PositiveInteger,
            _ => return None,
        })
    }
}

/// A reference to a type: built-in, defined in the model, or unresolved (a
/// diagnostic was reported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// An XSD built-in.
    Builtin(BuiltinType),
    /// A type in the model.
    Def(TypeId),
    /// A name that resolved to nothing.
    Unresolved(QName),
}

/// `maxOccurs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxOccurs {
    /// A number.
    Bounded(u32),
    /// `unbounded`.
    Unbounded,
}

impl MaxOccurs {
    /// True when more than one occurrence is allowed.
    pub fn is_many(self) -> bool {
        !matches!(self, MaxOccurs::Bounded(0 | 1))
    }
}

/// A global or local element declaration.
#[derive(Debug, Clone)]
pub struct ElementDecl {
    /// Name, qualified per `form` / `elementFormDefault`.
    pub name: QName,
    /// Where it is declared.
    pub span: Span,
    /// `xs:documentation`.
    pub doc: Option<String>,
    /// Its type (an anonymous type is a `Def` with no name).
    pub type_ref: TypeRef,
    /// True for a top-level declaration.
    pub global: bool,
    /// `nillable`.
    pub nillable: bool,
    /// `abstract`.
    pub is_abstract: bool,
    /// `default`.
    pub default: Option<String>,
    /// `fixed`.
    pub fixed: Option<String>,
    /// Where the QNames in `default` / `fixed` resolve, should the type
    /// hold QNames.
    pub value_scope: Option<ValueScope>,
    /// `substitutionGroup` head(s).
    pub substitution_group: Vec<ElementId>,
    /// `block`.
    pub block: Option<String>,
    /// `final`.
    pub final_: Option<String>,
    /// `xmime:expectedContentTypes` (or 2004/11 `expectedMediaType`) on the declaration.
    pub expected_content_types: Option<MediaAnnotation>,
}

/// A type definition.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Name, `None` for an anonymous type.
    pub name: Option<QName>,
    /// Where it is defined.
    pub span: Span,
    /// `xs:documentation`.
    pub doc: Option<String>,
    /// Simple or complex.
    pub kind: TypeKind,
    /// `xmime:expectedContentTypes` on the type (or its simpleContent extension).
    pub expected_content_types: Option<MediaAnnotation>,
}

/// Simple or complex.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// `xs:simpleType`.
    Simple(SimpleType),
    /// `xs:complexType`.
    Complex(ComplexType),
}

/// A simple type.
#[derive(Debug, Clone)]
pub struct SimpleType {
    /// Restriction, list or union.
    pub variety: SimpleVariety,
    /// Facets of a restriction.
    pub facets: Facets,
    /// `final`.
    pub final_: Option<String>,
}

/// How a simple type is built.
#[derive(Debug, Clone)]
pub enum SimpleVariety {
    /// `xs:restriction base=`.
    Restriction {
        /// The base type.
        base: TypeRef,
    },
    /// `xs:list itemType=`.
    List {
        /// The item type.
        item: TypeRef,
    },
    /// `xs:union memberTypes=`.
    Union {
        /// The member types.
        members: Vec<TypeRef>,
    },
}

/// Where the QNames in a `default=` / `fixed=` value resolve: in scope at
/// the declaration that gives it (see `model::xml::value_scope`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueScope {
    /// The namespace declarations they use, as an empty element's start
    /// tag (`<value xmlns:p="urn:x"/>`).
    Tag(String),
    /// A prefix they use that is not declared there.
    Undeclared(String),
    /// A namespace name they use holds `&`, which such a tag cannot carry
    /// (the runtime refuses references in namespace names): they resolve
    /// in the instance instead.
    Unscoped,
}

/// Constraining facets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct Facets {
    pub enumerations: Vec<String>,
    /// Each enumeration value read as a QName where the schema writes it
    /// (`None` when it is not one or its prefix is undeclared): what the
    /// values of a QName enumeration stand for.
    pub enumeration_names: Vec<Option<QName>>,
    pub patterns: Vec<String>,
    pub length: Option<String>,
    pub min_length: Option<String>,
    pub max_length: Option<String>,
    pub min_inclusive: Option<String>,
    pub max_inclusive: Option<String>,
    pub min_exclusive: Option<String>,
    pub max_exclusive: Option<String>,
    pub total_digits: Option<String>,
    pub fraction_digits: Option<String>,
    pub white_space: Option<String>,
}

impl Facets {
    /// True when no facet is set.
    pub fn is_empty(&self) -> bool {
        *self == Facets::default()
    }

    /// Takes from `base`, the type this one restricts, each bounding facet
    /// this one leaves unset, and its patterns when this one has none
    /// (enumerations are the caller's to merge).
    pub fn inherit(&mut self, base: &Facets) {
        for (mine, theirs) in [
            (&mut self.length, &base.length),
            (&mut self.min_length, &base.min_length),
            (&mut self.max_length, &base.max_length),
            (&mut self.min_inclusive, &base.min_inclusive),
            (&mut self.max_inclusive, &base.max_inclusive),
            (&mut self.min_exclusive, &base.min_exclusive),
            (&mut self.max_exclusive, &base.max_exclusive),
            (&mut self.total_digits, &base.total_digits),
            (&mut self.fraction_digits, &base.fraction_digits),
            (&mut self.white_space, &base.white_space),
        ] {
            if mine.is_none() {
                mine.clone_from(theirs);
            }
        }
        if self.patterns.is_empty() {
            self.patterns.clone_from(&base.patterns);
        }
    }
}

/// Extension or restriction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derivation {
    /// `xs:extension`.
    Extension,
    /// `xs:restriction`.
    Restriction,
}

/// A complex type.
#[derive(Debug, Clone)]
pub struct ComplexType {
    /// `abstract`.
    pub is_abstract: bool,
    /// `mixed`.
    pub mixed: bool,
    /// The content model.
    pub content: ComplexContent,
    /// Attributes declared here (not inherited).
    pub attributes: Vec<AttrItem>,
    /// `xs:anyAttribute`.
    pub any_attribute: Option<Wildcard>,
    /// `block`.
    pub block: Option<String>,
    /// `final`.
    pub final_: Option<String>,
}

/// The content of a complex type.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // one per type; boxing buys nothing here
pub enum ComplexContent {
    /// `xs:simpleContent`: character data of `base`, plus attributes.
    Simple {
        /// Extension or restriction.
        derivation: Derivation,
        /// The base type.
        base: TypeRef,
        /// Facets of a restriction.
        facets: Facets,
    },
    /// Element content (or empty).
    Complex {
        /// `xs:complexContent` derivation, when there is one.
        derivation: Option<(Derivation, TypeRef)>,
        /// This type's own particle (for an extension: what is appended).
        particle: Option<Particle>,
    },
}

/// An attribute use in a type or attribute group.
#[derive(Debug, Clone)]
pub enum AttrItem {
    /// An attribute (local or a `ref` to a global one).
    Attribute {
        /// The declaration.
        decl: AttributeId,
        /// `use`.
        use_: AttributeUse,
    },
    /// `xs:attributeGroup ref=`.
    Group(AttributeGroupId),
}

/// `use` of an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeUse {
    /// `optional` (the default).
    Optional,
    /// `required`.
    Required,
    /// `prohibited`.
    Prohibited,
}

/// A global or local attribute declaration.
#[derive(Debug, Clone)]
pub struct AttributeDecl {
    /// Name, qualified per `form` / `attributeFormDefault`.
    pub name: QName,
    /// Where it is declared.
    pub span: Span,
    /// Its simple type.
    pub type_ref: TypeRef,
    /// `default`.
    pub default: Option<String>,
    /// `fixed`.
    pub fixed: Option<String>,
    /// Where the QNames in `default` / `fixed` resolve, should the type
    /// hold QNames.
    pub value_scope: Option<ValueScope>,
    /// True for a top-level declaration.
    pub global: bool,
}

/// A particle: a term with occurrence bounds.
#[derive(Debug, Clone)]
pub struct Particle {
    /// `minOccurs`.
    pub min: u32,
    /// `maxOccurs`.
    pub max: MaxOccurs,
    /// What occurs.
    pub term: Term,
}

/// What a particle holds.
#[derive(Debug, Clone)]
pub enum Term {
    /// An element (local, or a `ref` to a global one).
    Element(ElementId),
    /// `xs:sequence` / `xs:choice` / `xs:all`.
    Group(ModelGroup),
    /// `xs:group ref=`.
    GroupRef(GroupId),
    /// `xs:any`.
    Any(Wildcard),
    /// A reference that resolved to nothing (a diagnostic was reported).
    Unresolved,
}

/// Sequence, choice or all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compositor {
    /// `xs:sequence`.
    Sequence,
    /// `xs:choice`.
    Choice,
    /// `xs:all`.
    All,
}

/// A compositor and its particles.
#[derive(Debug, Clone)]
pub struct ModelGroup {
    /// Which compositor.
    pub compositor: Compositor,
    /// Its particles in order.
    pub particles: Vec<Particle>,
}

/// `xs:any` / `xs:anyAttribute`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wildcard {
    /// `namespace` (default `##any`).
    pub namespace: String,
    /// The targetNamespace of the schema it is declared in (what
    /// `##targetNamespace` and `##other` refer to).
    pub target_namespace: String,
    /// `processContents` (default `strict`).
    pub process_contents: String,
}

/// A named model group.
#[derive(Debug, Clone)]
pub struct GroupDef {
    /// Name.
    pub name: QName,
    /// Where it is defined.
    pub span: Span,
    /// Its sequence/choice/all.
    pub group: Option<ModelGroup>,
}

/// A named attribute group.
#[derive(Debug, Clone)]
pub struct AttributeGroupDef {
    /// Name.
    pub name: QName,
    /// Where it is defined.
    pub span: Span,
    /// Its attributes.
    pub attributes: Vec<AttrItem>,
    /// `xs:anyAttribute`.
    pub any_attribute: Option<Wildcard>,
}
