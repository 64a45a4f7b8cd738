//! Small helpers over roxmltree nodes shared by the schema and WSDL builders.

use super::ValueScope;
use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::names::{ns, QName};
use crate::parse::Parsed;
use crate::source::FileId;
use roxmltree::Node;

/// True when `node` is the element `{ns}local`.
pub(super) fn is(node: Node<'_, '_>, namespace: &str, local: &str) -> bool {
    node.is_element()
        && node.tag_name().namespace() == Some(namespace)
        && node.tag_name().name() == local
}

/// Element children in a namespace.
pub(super) fn children_in<'a, 'i>(
    node: Node<'a, 'i>,
    namespace: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().namespace() == Some(namespace))
}

/// The span of a node's start tag.
pub(super) fn span(parsed: &Parsed<'_>, file: FileId, node: Node<'_, '_>) -> Span {
    parsed.sources.files.span(file, node.range().start)
}

/// Resolves a QName-valued attribute by the namespaces in scope at `node`.
/// In a chameleon schema an unqualified name takes the including schema's
/// namespace. An undeclared prefix is reported and gives `None`.
pub(super) fn qname(
    parsed: &Parsed<'_>,
    file: FileId,
    node: Node<'_, '_>,
    value: &str,
    chameleon: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<QName> {
    let value = value.trim();
    let (prefix, local) = match value.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, value),
    };
    match prefix_namespace(node, prefix, chameleon) {
        Some(uri) => Some(QName::new(uri, local)),
        None => {
            diags.push(
                Diagnostic::error(
                    Code::UndeclaredPrefix,
                    Some(span(parsed, file, node)),
                    format!(
                        "prefix `{}` in `{value}` is not declared",
                        prefix.unwrap_or("")
                    ),
                )
                .with_hint(format!(
                    "declare it with xmlns:{}=\"...\" on this element or an ancestor",
                    prefix.unwrap_or("")
                )),
            );
            None
        }
    }
}

/// The prefix and local part of a lexical QName, when `value` is one.
fn split_qname(value: &str) -> Option<(Option<&str>, &str)> {
    let part = |s: &str| !s.is_empty() && !s.contains(|c: char| c == ':' || c.is_whitespace());
    match value.split_once(':') {
        Some((p, l)) if part(p) && part(l) => Some((Some(p), l)),
        None if part(value) => Some((None, value)),
        _ => None,
    }
}

/// The namespace a QName prefix (`None`: the default namespace) is bound
/// to at `node`. An unprefixed name with no default namespace is in none,
/// or in a chameleon schema in the including schema's (as [`qname`]).
fn prefix_namespace<'n>(
    node: Node<'n, '_>,
    prefix: Option<&str>,
    chameleon: Option<&'n str>,
) -> Option<&'n str> {
    match prefix {
        Some("xml") => Some(ns::XML),
        Some(p) => node.lookup_namespace_uri(Some(p)),
        None => match node.lookup_namespace_uri(None) {
            Some(uri) if !uri.is_empty() => Some(uri),
            _ => Some(chameleon.unwrap_or("")),
        },
    }
}

/// `value` read as a QName in `node`'s scope, as XML Schema reads a QName
/// enumeration value: `None` when it is not a QName or its prefix is not
/// declared there.
pub(super) fn qname_value(
    node: Node<'_, '_>,
    value: &str,
    chameleon: Option<&str>,
) -> Option<QName> {
    let (prefix, local) = split_qname(value.trim())?;
    Some(QName::new(
        prefix_namespace(node, prefix, chameleon)?,
        local,
    ))
}

/// Where the QNames in `value` (each item of a list) resolve, should it
/// be a default or fixed value of a type holding QNames: the namespace
/// declarations in scope at `node` that they use, as an empty element's
/// start tag (`<value xmlns:p="urn:x"/>`), which the runtime resolves them
/// in whatever the instance declares.
pub(super) fn value_scope(node: Node<'_, '_>, value: &str, chameleon: Option<&str>) -> ValueScope {
    let mut tag = String::from("<value");
    let mut seen = Vec::new();
    for (prefix, _) in value.split_whitespace().filter_map(split_qname) {
        if seen.contains(&prefix) || prefix == Some("xml") {
            continue;
        }
        seen.push(prefix);
        let Some(uri) = prefix_namespace(node, prefix, chameleon) else {
            return ValueScope::Undeclared(prefix.unwrap_or_default().to_string());
        };
        if uri.contains('&') {
            return ValueScope::Unscoped;
        }
        match prefix {
            Some(p) => tag.push_str(&format!(" xmlns:{p}=\"")),
            None if uri.is_empty() => continue,
            None => tag.push_str(" xmlns=\""),
        }
        for c in uri.chars() {
            match c {
                '<' => tag.push_str("&lt;"),
                '"' => tag.push_str("&quot;"),
                c => tag.push(c),
            }
        }
        tag.push('"');
    }
    tag.push_str("/>");
    ValueScope::Tag(tag)
}

/// Text of the first `xs:annotation/xs:documentation` (or
/// `wsdl:documentation`), whitespace-trimmed.
pub(super) fn documentation(node: Node<'_, '_>) -> Option<String> {
    let doc = node
        .children()
        .filter(|n| is(*n, ns::XS, "annotation"))
        .flat_map(|a| a.children().filter(|n| is(*n, ns::XS, "documentation")))
        .chain(
            node.children()
                .filter(|n| is(*n, ns::WSDL, "documentation")),
        )
        .next()?;
    let text: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("");
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        None
    } else {
        Some(lines.join("\n"))
    }
}

/// A boolean attribute (`true`/`1`).
pub(super) fn flag(node: Node<'_, '_>, name: &str) -> bool {
    matches!(node.attribute(name).map(str::trim), Some("true" | "1"))
}
