//! [`SchemaText`]: a default or fixed value as a schema gives it, and where
//! the QName prefixes in it resolve.

use super::{Document, ReadOptions, XmlNode, XmlSimple};
use std::cell::RefCell;
use std::collections::HashMap;

/// A default or fixed value from a schema, parsed as the field's type when
/// it is needed.
///
/// A plain `&str` holds no namespace declarations: QName prefixes in it
/// resolve against the element being read (or against none when a value is
/// written). A value of a type holding QNames is generated as [`Scoped`],
/// which resolves them where the schema wrote it, as XML Schema says.
pub trait SchemaText: Copy {
    /// The lexical value.
    fn text(&self) -> &str;
    /// The value as `T`. Prefixes resolve at `node` (none declared when
    /// `None`) unless the value carries a scope of its own.
    fn value<T: XmlSimple>(&self, node: Option<XmlNode<'_>>) -> Result<T, String>;
    /// True when the value carries its own namespace scope.
    fn is_scoped(&self) -> bool {
        false
    }
}

impl SchemaText for &str {
    fn text(&self) -> &str {
        self
    }

    fn value<T: XmlSimple>(&self, node: Option<XmlNode<'_>>) -> Result<T, String> {
        match node {
            Some(node) => T::from_text(self, node),
            None => in_scope("<value/>", |node| T::from_text(self, node)),
        }
    }
}

/// A default or fixed value of a type holding QNames (`xs:QName`, a
/// restriction, list or union of it), with the namespace declarations in
/// scope where the schema gives it: `.0` is the value, `.1` an empty
/// element's tag declaring them (`<value xmlns:p="urn:x"/>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scoped(pub &'static str, pub &'static str);

impl SchemaText for Scoped {
    fn text(&self) -> &str {
        self.0
    }

    fn value<T: XmlSimple>(&self, _: Option<XmlNode<'_>>) -> Result<T, String> {
        in_scope(self.1, |node| T::from_text(self.0, node))
    }

    fn is_scoped(&self) -> bool {
        true
    }
}

thread_local! {
    /// The scopes parsed so far on this thread, by their text (a few per
    /// schema: one per default or fixed value of a QName type).
    static SCOPES: RefCell<HashMap<&'static str, Option<Document<'static>>>> =
        RefCell::new(HashMap::new());
}

/// Runs `f` on the root of the document `scope` (parsed once per thread).
fn in_scope<R>(
    scope: &'static str,
    f: impl FnOnce(XmlNode<'_>) -> Result<R, String>,
) -> Result<R, String> {
    let parse = || Document::parse(scope.as_bytes(), &ReadOptions::default()).ok();
    let unreadable = || format!("the namespace scope {scope:?} of a schema value is not XML");
    SCOPES.with(|cache| match cache.try_borrow_mut() {
        Ok(mut cache) => match cache.entry(scope).or_insert_with(parse) {
            Some(doc) => f(doc.root()),
            None => Err(unreadable()),
        },
        // In use further up this thread's stack: parse it again here.
        Err(_) => match parse() {
            Some(doc) => f(doc.root()),
            None => Err(unreadable()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bind::QName;

    fn qname(ns: &str, local: &str) -> QName {
        QName {
            ns: ns.into(),
            local: local.into(),
        }
    }

    #[test]
    fn a_scoped_value_resolves_where_the_schema_wrote_it() -> Result<(), String> {
        let value = Scoped("t:code", r#"<value xmlns:t="urn:schema"/>"#);
        let doc = Document::parse(br#"<r xmlns:t="urn:instance"/>"#, &ReadOptions::default())
            .map_err(|e| e.to_string())?;
        // Neither the instance's binding of the prefix nor its absence
        // changes what the value is.
        assert_eq!(
            value.value::<QName>(Some(doc.root()))?,
            qname("urn:schema", "code")
        );
        assert_eq!(value.value::<QName>(None)?, qname("urn:schema", "code"));
        // An unprefixed value takes the schema's default namespace, or none.
        let unprefixed = Scoped("code", r#"<value xmlns="urn:default"/>"#);
        assert_eq!(
            unprefixed.value::<QName>(Some(doc.root()))?,
            qname("urn:default", "code")
        );
        assert_eq!(
            Scoped("code", "<value/>").value::<QName>(None)?,
            qname("", "code")
        );
        Ok(())
    }

    #[test]
    fn a_plain_value_resolves_in_the_instance() -> Result<(), String> {
        let doc = Document::parse(br#"<r xmlns:t="urn:instance"/>"#, &ReadOptions::default())
            .map_err(|e| e.to_string())?;
        assert_eq!(
            SchemaText::value::<QName>(&"t:code", Some(doc.root()))?,
            qname("urn:instance", "code")
        );
        assert!(SchemaText::value::<QName>(&"t:code", None).is_err());
        Ok(())
    }

    #[test]
    fn an_unreadable_scope_is_an_error_not_a_panic() {
        let err = Scoped("t:code", "<value xmlns:t=").value::<QName>(None);
        assert!(err.is_err_and(|e| e.contains("not XML")));
    }
}
