//! The `cycles` pass of model building: XML Schema forbids a named model
//! group that contains itself, an attribute group that contains itself and
//! a type derived (by restriction, extension, list or union) from itself.
//! Each such cycle is reported as S009 and broken at the reference that
//! closes it, so the stages after the model (analysis, plan), which walk
//! these references recursively, always end. Element recursion (a type
//! whose content holds an element of that type) is legal and left alone.

use super::arena::Id;
use super::schema::{AttrItem, ComplexContent, Particle, SimpleVariety, Term, TypeKind, TypeRef};
use super::Model;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::arena::{AttributeGroupId, GroupId, TypeId};

/// Reports and breaks every forbidden reference cycle in `model`.
pub fn break_cycles(model: &mut Model, diags: &mut Diagnostics) {
    break_group_cycles(model, diags);
    break_attribute_group_cycles(model, diags);
    break_derivation_cycles(model, diags);
}

/// The edges that close a cycle in a depth-first walk of the graph with
/// nodes `0..edges.len()` (from each unvisited node in order). Without
/// them the graph is acyclic. Iterative: chains of any length are fine.
fn back_edges(edges: &[Vec<usize>]) -> Vec<(usize, usize)> {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; edges.len()];
    let mut out = Vec::new();
    for root in 0..edges.len() {
        if state[root] != NEW {
            continue;
        }
        state[root] = ON_PATH;
        let mut path = vec![(root, 0usize)];
        while let Some((node, next)) = path.last_mut() {
            let node = *node;
            match edges[node].get(*next) {
                Some(&to) => {
                    *next += 1;
                    match state.get(to).copied() {
                        Some(NEW) => {
                            state[to] = ON_PATH;
                            path.push((to, 0));
                        }
                        Some(ON_PATH) => out.push((node, to)),
                        _ => {}
                    }
                }
                None => {
                    state[node] = DONE;
                    path.pop();
                }
            }
        }
    }
    out
}

/// Calls `f` with every group `particles` refer to, in nested groups too
/// (an explicit stack: nesting depth is the document's).
fn each_group_ref(particles: &[Particle], mut f: impl FnMut(GroupId)) {
    let mut todo: Vec<&Particle> = particles.iter().collect();
    while let Some(p) = todo.pop() {
        match &p.term {
            Term::GroupRef(g) => f(*g),
            Term::Group(mg) => todo.extend(mg.particles.iter()),
            _ => {}
        }
    }
}

/// Replaces every reference to group `to` in `particles` by an unresolved
/// term.
fn drop_group_refs(particles: &mut [Particle], to: GroupId) {
    let mut todo: Vec<&mut Particle> = particles.iter_mut().collect();
    while let Some(p) = todo.pop() {
        if matches!(p.term, Term::GroupRef(g) if g == to) {
            p.term = Term::Unresolved;
        } else if let Term::Group(mg) = &mut p.term {
            todo.extend(mg.particles.iter_mut());
        }
    }
}

fn break_group_cycles(model: &mut Model, diags: &mut Diagnostics) {
    let edges: Vec<Vec<usize>> = model
        .groups
        .iter()
        .map(|(_, g)| {
            let mut to = Vec::new();
            if let Some(mg) = &g.group {
                each_group_ref(&mg.particles, |r| to.push(r.index()));
            }
            to
        })
        .collect();
    for (from, to) in back_edges(&edges) {
        let (from, to) = (GroupId::from_index(from), GroupId::from_index(to));
        let (name, span) = (model.groups[from].name.clone(), model.groups[from].span);
        let target = model.groups[to].name.clone();
        let message = if from == to {
            format!("group `{name}` contains itself")
        } else {
            format!("group `{name}` refers to group `{target}`, which contains `{name}`")
        };
        diags.push(circular(span, message));
        if let Some(mg) = &mut model.groups.get_mut(from).group {
            drop_group_refs(&mut mg.particles, to);
        }
    }
}

fn break_attribute_group_cycles(model: &mut Model, diags: &mut Diagnostics) {
    let edges: Vec<Vec<usize>> = model
        .attribute_groups
        .iter()
        .map(|(_, g)| {
            g.attributes
                .iter()
                .filter_map(|a| match a {
                    AttrItem::Group(r) => Some(r.index()),
                    AttrItem::Attribute { .. } => None,
                })
                .collect()
        })
        .collect();
    for (from, to) in back_edges(&edges) {
        let (from, to) = (
            AttributeGroupId::from_index(from),
            AttributeGroupId::from_index(to),
        );
        let group = &model.attribute_groups[from];
        let (name, span) = (group.name.clone(), group.span);
        let target = model.attribute_groups[to].name.clone();
        let message = if from == to {
            format!("attribute group `{name}` contains itself")
        } else {
            format!(
                "attribute group `{name}` refers to attribute group `{target}`, which contains `{name}`"
            )
        };
        diags.push(circular(span, message));
        model
            .attribute_groups
            .get_mut(from)
            .attributes
            .retain(|a| !matches!(a, AttrItem::Group(r) if *r == to));
    }
}

/// The type references a type is derived from: its base, list item type
/// or union members.
fn derivation_refs(kind: &mut TypeKind) -> Vec<&mut TypeRef> {
    match kind {
        TypeKind::Simple(s) => match &mut s.variety {
            SimpleVariety::Restriction { base } => vec![base],
            SimpleVariety::List { item } => vec![item],
            SimpleVariety::Union { members } => members.iter_mut().collect(),
        },
        TypeKind::Complex(c) => match &mut c.content {
            ComplexContent::Simple { base, .. } => vec![base],
            ComplexContent::Complex {
                derivation: Some((_, base)),
                ..
            } => vec![base],
            ComplexContent::Complex {
                derivation: None, ..
            } => Vec::new(),
        },
    }
}

fn break_derivation_cycles(model: &mut Model, diags: &mut Diagnostics) {
    let edges: Vec<Vec<usize>> = (0..model.types.len())
        .map(|i| {
            derivation_refs(&mut model.types.get_mut(TypeId::from_index(i)).kind)
                .into_iter()
                .filter_map(|r| match r {
                    TypeRef::Def(t) => Some(t.index()),
                    _ => None,
                })
                .collect()
        })
        .collect();
    for (from, to) in back_edges(&edges) {
        let (from, to) = (TypeId::from_index(from), TypeId::from_index(to));
        let describe = |model: &Model, t: TypeId| match &model.types[t].name {
            Some(n) => format!("type `{n}`"),
            None => "an anonymous type".to_string(),
        };
        let (this, target) = (describe(model, from), describe(model, to));
        let span = model.types[from].span;
        let message = if from == to {
            format!("{this} is derived from itself")
        } else {
            format!("{this} is derived from {target}, which is derived from it")
        };
        diags.push(circular(span, message));
        let unresolved = model.types[to]
            .name
            .clone()
            .unwrap_or_else(|| crate::names::QName::new("", "anonymous"));
        for r in derivation_refs(&mut model.types.get_mut(from).kind) {
            if *r == TypeRef::Def(to) {
                *r = TypeRef::Unresolved(unresolved.clone());
            }
        }
    }
}

fn circular(span: crate::diag::Span, message: String) -> Diagnostic {
    Diagnostic::error(Code::CircularDerivation, Some(span), message)
        .with_hint("XML Schema forbids this cycle; break it in the schema")
}
