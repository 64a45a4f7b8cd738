//! WS-Policy MTOM assertions (A11): `wsoma:OptimizedMimeSerialization` and
//! `{http://www.w3.org/2007/08/soap12-mtom-policy}MTOM`, found inline in a
//! binding or port, or through `wsp:PolicyReference` / `wsp:PolicyURIs`.

use super::wsdl::MtomPolicy;
use super::xml::is;
use crate::names::ns;
use roxmltree::Node;
use std::collections::HashMap;

fn is_wsp(node: Node<'_, '_>, local: &str) -> bool {
    is(node, ns::WSP_2004, local) || is(node, ns::WSP_15, local)
}

fn is_mtom_assertion(node: Node<'_, '_>) -> bool {
    is(node, ns::WSOMA, "OptimizedMimeSerialization") || is(node, ns::MTOM_POLICY, "MTOM")
}

/// One evaluation of the policies attached to a binding or port: the
/// references that resolve to nothing, the policies being expanded (a
/// reference back to one of them is a cycle, which adds nothing), and the
/// result of each policy already expanded (so a policy referenced many
/// times over is expanded once).
#[derive(Default)]
struct Walk {
    missing: Vec<String>,
    expanding: Vec<roxmltree::NodeId>,
    done: HashMap<roxmltree::NodeId, MtomPolicy>,
}

/// Every named `wsp:Policy` of the loaded WSDLs, by `wsu:Id` / `xml:id` /
/// `Id` (as `#id`) and by `Name` (as written).
#[derive(Default)]
pub(super) struct Policies<'a> {
    by_ref: HashMap<String, Node<'a, 'a>>,
}

impl<'a> Policies<'a> {
    pub(super) fn collect(&mut self, root: Node<'a, 'a>) {
        for p in root.descendants().filter(|n| is_wsp(*n, "Policy")) {
            let id = p
                .attribute((ns::WSU, "Id"))
                .or_else(|| p.attribute((ns::XML, "id")))
                .or_else(|| p.attribute("Id"))
                .or_else(|| p.attributes().find(|a| a.name() == "Id").map(|a| a.value()));
            if let Some(id) = id {
                self.by_ref.entry(format!("#{id}")).or_insert(p);
            }
            if let Some(name) = p.attribute("Name") {
                self.by_ref.entry(name.to_string()).or_insert(p);
            }
        }
    }

    /// The policy a URI names, if it is one of ours.
    pub(super) fn lookup(&self, uri: &str) -> Option<Node<'a, 'a>> {
        self.by_ref.get(uri.trim()).copied().or_else(|| {
            // `file.wsdl#id` style: match on the fragment.
            uri.rsplit_once('#')
                .and_then(|(_, frag)| self.by_ref.get(&format!("#{frag}")).copied())
        })
    }

    /// The MTOM policy attached to a binding or port element: inline
    /// `wsp:Policy`, `wsp:PolicyReference` children, and `wsp:PolicyURIs`.
    /// Unresolvable references are returned for diagnostics.
    pub(super) fn attached(&self, owner: Node<'a, 'a>) -> (MtomPolicy, Vec<String>) {
        let mut best = MtomPolicy::None;
        let mut walk = Walk::default();
        for child in owner.children().filter(|n| n.is_element()) {
            let found = if is_wsp(child, "Policy") {
                self.evaluate(child, 0, &mut walk)
            } else if is_wsp(child, "PolicyReference") {
                self.reference(child, 0, &mut walk)
            } else {
                MtomPolicy::None
            };
            best = best.max(found);
        }
        let uris = owner
            .attribute((ns::WSP_2004, "PolicyURIs"))
            .or_else(|| owner.attribute((ns::WSP_15, "PolicyURIs")));
        for uri in uris.into_iter().flat_map(str::split_whitespace) {
            match self.lookup(uri) {
                Some(p) => best = best.max(self.expand(p, 1, &mut walk)),
                None => walk.missing.push(uri.to_string()),
            }
        }
        (best, walk.missing)
    }

    fn reference(&self, node: Node<'a, 'a>, depth: usize, walk: &mut Walk) -> MtomPolicy {
        let Some(uri) = node.attribute("URI") else {
            return MtomPolicy::None;
        };
        match self.lookup(uri) {
            Some(p) => self.expand(p, depth + 1, walk),
            None => {
                walk.missing.push(uri.to_string());
                MtomPolicy::None
            }
        }
    }

    /// A referenced policy's value: expanded once per walk; a reference
    /// back to a policy being expanded adds nothing.
    fn expand(&self, policy: Node<'a, 'a>, depth: usize, walk: &mut Walk) -> MtomPolicy {
        let id = policy.id();
        if let Some(done) = walk.done.get(&id) {
            return *done;
        }
        if walk.expanding.contains(&id) {
            return MtomPolicy::None;
        }
        walk.expanding.push(id);
        let value = self.evaluate(policy, depth, walk);
        walk.expanding.pop();
        walk.done.insert(id, value);
        value
    }

    /// Whether a policy expression holds an MTOM assertion, and whether it is
    /// required in every alternative.
    fn evaluate(&self, node: Node<'a, 'a>, depth: usize, walk: &mut Walk) -> MtomPolicy {
        if depth > 16 {
            return MtomPolicy::None;
        }
        if is_mtom_assertion(node) {
            let optional = node
                .attribute((ns::WSP_2004, "Optional"))
                .or_else(|| node.attribute((ns::WSP_15, "Optional")))
                .is_some_and(|v| v.trim() == "true" || v.trim() == "1");
            return if optional {
                MtomPolicy::Optional
            } else {
                MtomPolicy::Required
            };
        }
        if is_wsp(node, "PolicyReference") {
            return self.reference(node, depth, walk);
        }
        let children: Vec<Node<'a, 'a>> = node.children().filter(|n| n.is_element()).collect();
        if is_wsp(node, "ExactlyOne") {
            // Required only if every alternative requires it.
            let results: Vec<MtomPolicy> = children
                .iter()
                .map(|c| self.evaluate(*c, depth + 1, walk))
                .collect();
            if results.is_empty() || results.iter().all(|r| *r == MtomPolicy::None) {
                return MtomPolicy::None;
            }
            return if results.iter().all(|r| *r == MtomPolicy::Required) {
                MtomPolicy::Required
            } else {
                MtomPolicy::Optional
            };
        }
        if is_wsp(node, "Policy") || is_wsp(node, "All") {
            return children
                .iter()
                .map(|c| self.evaluate(*c, depth + 1, walk))
                .max()
                .unwrap_or(MtomPolicy::None);
        }
        MtomPolicy::None
    }
}
