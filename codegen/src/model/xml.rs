//! Small helpers over roxmltree nodes shared by the schema and WSDL builders.

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
    let namespace = match prefix {
        Some("xml") => Some(ns::XML),
        p => node.lookup_namespace_uri(p),
    };
    match namespace {
        Some(uri) if !(uri.is_empty() && chameleon.is_some()) => Some(QName::new(uri, local)),
        _ if prefix.is_none() => Some(QName::new(chameleon.unwrap_or(""), local)),
        _ => {
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
