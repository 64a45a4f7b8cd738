//! Stage 3, `model`: the resolved, language-neutral IR.
//!
//! Every schema component and WSDL definition lives in an [`Arena`] with a
//! typed id; every QName is resolved by namespace URI; every node keeps its
//! [`Span`](crate::diag::Span). Building is two passes: all global
//! components get ids first, then bodies are filled, so forward and cyclic
//! references need nothing special.

pub mod arena;
mod build_schema;
mod build_wsdl;
mod cycles;
mod policy;
pub mod schema;
pub mod wsdl;
mod xml;

use crate::diag::Diagnostics;
use crate::names::QName;
use crate::parse::Parsed;
pub use arena::*;
pub use schema::*;
use std::collections::{BTreeMap, HashMap};
pub use wsdl::*;

/// The resolved model of everything loaded.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Element declarations, global and local.
    pub elements: Arena<ElementId, ElementDecl>,
    /// Type definitions, named and anonymous.
    pub types: Arena<TypeId, TypeDef>,
    /// Attribute declarations, global and local.
    pub attributes: Arena<AttributeId, AttributeDecl>,
    /// Named model groups.
    pub groups: Arena<GroupId, GroupDef>,
    /// Named attribute groups.
    pub attribute_groups: Arena<AttributeGroupId, AttributeGroupDef>,
    /// Global elements by name.
    pub global_elements: BTreeMap<QName, ElementId>,
    /// Named types by name.
    pub global_types: BTreeMap<QName, TypeId>,
    /// Global attributes by name.
    pub global_attributes: BTreeMap<QName, AttributeId>,
    /// Named groups by name.
    pub global_groups: BTreeMap<QName, GroupId>,
    /// Named attribute groups by name.
    pub global_attribute_groups: BTreeMap<QName, AttributeGroupId>,
    /// Substitution group members of each head element, in document order.
    pub substitutions: HashMap<ElementId, Vec<ElementId>>,
    /// Target namespaces of every schema processed.
    pub schema_namespaces: Vec<String>,
    /// WSDL messages.
    pub messages: Arena<MessageId, Message>,
    /// WSDL port types.
    pub port_types: Arena<PortTypeId, PortType>,
    /// WSDL bindings.
    pub bindings: Arena<BindingId, Binding>,
    /// WSDL services.
    pub services: Arena<ServiceId, Service>,
}

impl Model {
    /// The global element with this name.
    pub fn element(&self, name: &QName) -> Option<ElementId> {
        self.global_elements.get(name).copied()
    }

    /// The named type with this name.
    pub fn type_named(&self, name: &QName) -> Option<TypeId> {
        self.global_types.get(name).copied()
    }
}

/// Builds the model from parsed documents; problems go into the returned
/// diagnostics (load diagnostics are not repeated).
pub fn build<'a>(parsed: &'a Parsed<'a>) -> (Model, Diagnostics) {
    let mut model = Model::default();
    let mut diags = Diagnostics::new();
    build_schema::build(parsed, &mut model, &mut diags);
    cycles::break_cycles(&mut model, &mut diags);
    build_wsdl::build(parsed, &mut model, &mut diags);
    diags.sort_and_dedup();
    (model, diags)
}
