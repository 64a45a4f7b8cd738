//! [`XmlWriter`]: namespace-aware XML output for generated code, with the
//! MTOM hook for binaries.
//!
//! Namespaced names always get a prefix (declared on the element that first
//! needs it); the writer's own elements never use the default namespace, so
//! an unqualified local element needs no `xmlns=""`. Elements kept as XML
//! (`xs:any` content) declare the default namespace they were read with
//! again, for the unprefixed QNames in their values; elements in no
//! namespace inside them undeclare it.

use crate::mime::writer::MtomWriter;
use crate::xml::{encode_base64, XOP_NS};
use crate::Binary;
use std::fmt::Write as _;

use crate::xml::XSI_NS as XSI;

/// Per-field MTOM decision (A7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Optimize {
    /// Optimize iff MTOM is on and the size is above the threshold (F1).
    #[default]
    Default,
    /// Always inline (e.g. inside WS-Security headers).
    Never,
    /// Always an attachment when MTOM is on (empty values stay inline, B3).
    Always,
}

/// Writes XML for generated types.
pub struct XmlWriter<'m> {
    out: String,
    /// The qualified names of the open elements, one after another.
    names: String,
    /// Open elements: (start of its name in `names`, number of namespace
    /// bindings declared on it).
    stack: Vec<(usize, usize)>,
    /// In-scope prefix bindings, innermost last.
    bindings: Vec<(String, String)>,
    tag_open: bool,
    /// Default namespace declarations in scope, innermost last: the depth
    /// of the element declaring it and the namespace URI (empty: none).
    /// Only elements kept as XML declare one ([`declare_default`](Self::declare_default));
    /// the writer's own names always use prefixes.
    defaults: Vec<(usize, String)>,
    next_prefix: usize,
    mtom: Option<&'m mut MtomWriter>,
    /// The first value that could not be written; [`XmlWriter::finish`]
    /// returns it.
    error: Option<crate::Error>,
}

impl Default for XmlWriter<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'m> XmlWriter<'m> {
    /// A writer that inlines every binary as base64 (B5).
    pub fn new() -> Self {
        XmlWriter {
            out: String::with_capacity(256),
            names: String::new(),
            stack: Vec::new(),
            bindings: Vec::new(),
            tag_open: false,
            defaults: Vec::new(),
            next_prefix: 0,
            mtom: None,
            error: None,
        }
    }

    /// A writer that hands binaries to `mtom`, which decides by its threshold
    /// and records the parts.
    pub fn with_mtom(mtom: &'m mut MtomWriter) -> Self {
        XmlWriter {
            mtom: Some(mtom),
            ..XmlWriter::new()
        }
    }

    /// Declares `prefix` for `ns` on the next start tag's scope (call right
    /// after [`XmlWriter::start`]); used to keep conventional prefixes.
    fn bind(&mut self, prefix: &str, ns: &str) {
        self.write_xmlns(prefix, ns);
        self.bindings.push((prefix.to_string(), ns.to_string()));
        if let Some(top) = self.stack.last_mut() {
            top.1 += 1;
        }
    }

    /// Writes ` xmlns:prefix="ns"` onto the open start tag.
    fn write_xmlns(&mut self, prefix: &str, ns: &str) {
        let _ = write!(self.out, " xmlns:{prefix}=\"");
        crate::xml::push_escaped(&mut self.out, ns, true);
        self.out.push('"');
    }

    /// The prefix bound to `ns` in scope, declaring a fresh one on the open
    /// start tag if there is none. Must be called while a tag is open.
    pub fn prefix_for(&mut self, ns: &str) -> String {
        let (p, new) = self.choose_prefix(ns);
        if new {
            self.bind(&p, ns);
        }
        p
    }

    /// The prefix for `ns`: the one in scope (`false`), or a fresh one that
    /// the caller must declare (`true`). Conventional prefixes for xmime and
    /// xsi when they are free.
    fn choose_prefix(&mut self, ns: &str) -> (String, bool) {
        // `xml` is bound to its namespace everywhere, and no other prefix
        // may be (Namespaces in XML §3).
        if ns == crate::xml::XML_NS {
            return ("xml".to_string(), false);
        }
        match self.lookup(ns) {
            Some(i) => (self.bindings[i].0.clone(), false),
            None => (self.fresh_prefix(ns), true),
        }
    }

    /// A prefix for `ns` not bound in scope: the conventional one for xmime
    /// and xsi when it is free, else the next `nsN`.
    fn fresh_prefix(&mut self, ns: &str) -> String {
        let conventional = match ns {
            crate::xml::XMIME_NS => Some("xmime"),
            XSI => Some("xsi"),
            _ => None,
        };
        if let Some(c) = conventional.filter(|c| self.bindings.iter().all(|(q, _)| q != c)) {
            return c.to_string();
        }
        loop {
            self.next_prefix += 1;
            let candidate = format!("ns{}", self.next_prefix);
            if self.bindings.iter().all(|(q, _)| *q != candidate) {
                return candidate;
            }
        }
    }

    /// The index in `bindings` of the innermost unshadowed binding of `ns`.
    fn lookup(&self, ns: &str) -> Option<usize> {
        // Innermost binding of the prefix wins, so check it is not shadowed.
        for (i, (p, u)) in self.bindings.iter().enumerate().rev() {
            if u == ns && !self.bindings[i + 1..].iter().any(|(q, _)| q == p) {
                return Some(i);
            }
        }
        None
    }

    fn close_tag(&mut self) {
        if self.tag_open {
            self.out.push('>');
            self.tag_open = false;
        }
    }

    /// Opens `{ns}local` declaring the given prefixes on it (those not
    /// already bound to the same namespace in scope); the element's own name
    /// uses one of them when it can.
    pub fn start_declaring(&mut self, ns: &str, local: &str, prefixes: &[(String, String)]) {
        let fresh: Vec<&(String, String)> = prefixes
            .iter()
            .filter(|(p, u)| {
                !p.is_empty()
                    && !u.is_empty()
                    && self
                        .bindings
                        .iter()
                        .rev()
                        .find(|(q, _)| q == p)
                        .map(|(_, v)| v)
                        != Some(u)
            })
            .collect();
        if fresh.is_empty() {
            return self.start(ns, local);
        }
        self.close_tag();
        for (p, u) in &fresh {
            self.bindings.push((p.clone(), u.clone()));
        }
        self.start(ns, local);
        if let Some(top) = self.stack.last_mut() {
            top.1 += fresh.len();
        }
        for (p, u) in fresh {
            self.write_xmlns(p, u);
        }
    }

    /// Opens `{ns}local` (an empty `ns` means no namespace).
    pub fn start(&mut self, ns: &str, local: &str) {
        self.close_tag();
        let name_start = self.names.len();
        self.stack.push((name_start, 0));
        self.tag_open = true;
        let mut declare = None;
        if !ns.is_empty() {
            match self.lookup(ns) {
                _ if ns == crate::xml::XML_NS => self.names.push_str("xml"),
                Some(i) => self.names.push_str(&self.bindings[i].0),
                None => {
                    let p = self.fresh_prefix(ns);
                    self.names.push_str(&p);
                    declare = Some(p);
                }
            }
            self.names.push(':');
        }
        self.names.push_str(local);
        self.out.push('<');
        self.out.push_str(&self.names[name_start..]);
        if let Some(p) = declare {
            self.bind(&p, ns);
        }
        // An unprefixed name is in the default namespace: none, unless an
        // element kept as XML declared one.
        if ns.is_empty() && !self.defaults.is_empty() {
            self.declare_default("");
        }
    }

    /// Records an error (see [`fail`](Self::fail)) when `count`
    /// occurrences of `what` are outside `min..=max` (`max` `None`:
    /// unbounded): a reader would refuse the document.
    pub fn occurs(&mut self, count: usize, min: u32, max: Option<u32>, what: &str) {
        if let Some(message) = super::node::occurs_error(count, min, max, what) {
            self.fail(message);
        }
    }

    /// Records that a value could not be written (the first such error is
    /// kept): [`finish`](Self::finish) returns it, so the writing methods
    /// stay infallible and no caller can send the XML by mistake.
    pub fn fail(&mut self, message: impl Into<String>) {
        if self.error.is_none() {
            let name = self
                .stack
                .last()
                .map_or("", |&(start, _)| &self.names[start..]);
            self.error = Some(crate::Error::Xml(format!(
                "cannot write <{name}>: {}",
                message.into()
            )));
        }
    }

    /// Appends `value` escaped, or records an error when it holds a
    /// character XML cannot carry.
    fn push_value(&mut self, value: &str, attribute: bool) {
        if let Err(c) = crate::xml::push_checked(&mut self.out, value, attribute) {
            let what = if attribute {
                "an attribute value"
            } else {
                "the text"
            };
            self.fail(format!(
                "{what} holds U+{:04X}, which XML 1.0 cannot carry",
                u32::from(c)
            ));
        }
    }

    /// Adds an attribute to the open start tag.
    pub fn attribute(&mut self, ns: &str, local: &str, value: &str) {
        if !self.tag_open {
            return;
        }
        let prefix = (!ns.is_empty()).then(|| self.prefix_for(ns));
        self.out.push(' ');
        if let Some(p) = prefix {
            self.out.push_str(&p);
            self.out.push(':');
        }
        self.out.push_str(local);
        self.out.push_str("=\"");
        self.push_value(value, true);
        self.out.push('"');
    }

    /// Marks the open element `xsi:nil="true"`.
    pub fn nil(&mut self) {
        self.attribute(XSI, "nil", "true");
    }

    /// Writes escaped text content.
    pub fn text(&mut self, text: &str) {
        self.close_tag();
        self.push_value(text, false);
    }

    /// Writes a value's `Display` form as text content, unescaped: for
    /// numbers and other values that cannot contain markup.
    pub(crate) fn text_display(&mut self, value: impl std::fmt::Display) {
        self.close_tag();
        let _ = write!(self.out, "{value}");
    }

    /// Closes the innermost open element.
    pub fn end(&mut self) {
        let Some((name_start, bound)) = self.stack.pop() else {
            return;
        };
        if self.tag_open {
            self.out.push_str("/>");
            self.tag_open = false;
        } else {
            self.out.push_str("</");
            self.out.push_str(&self.names[name_start..]);
            self.out.push('>');
        }
        self.names.truncate(name_start);
        let keep = self.bindings.len().saturating_sub(bound);
        self.bindings.truncate(keep);
        while self
            .defaults
            .last()
            .is_some_and(|(depth, _)| *depth > self.stack.len())
        {
            self.defaults.pop();
        }
    }

    /// The default namespace in scope (empty for none).
    fn default_in_scope(&self) -> &str {
        self.defaults.last().map_or("", |(_, uri)| uri.as_str())
    }

    /// Declares `uri` the default namespace on the element just opened
    /// (nothing when it already is, or when no start tag is open): for
    /// elements kept as XML whose text or attribute values hold unprefixed
    /// QNames, which resolve against it. Elements in no namespace opened
    /// inside undeclare it again (`xmlns=""`).
    pub fn declare_default(&mut self, uri: &str) {
        if !self.tag_open || self.default_in_scope() == uri {
            return;
        }
        self.out.push_str(" xmlns=\"");
        crate::xml::push_escaped(&mut self.out, uri, true);
        self.out.push('"');
        self.defaults.push((self.stack.len(), uri.to_string()));
    }

    /// The content of a binary element: an `xop:Include` (MTOM on, policy and
    /// threshold permitting; B1, B3, F1) or canonical base64 (B5). The part's
    /// Content-Type is the value's own, else `expected` (a single concrete
    /// expectedContentTypes), else application/octet-stream (C4).
    pub fn binary(
        &mut self,
        value: &Binary,
        expected: Option<&str>,
        optimize: Optimize,
    ) -> crate::Result<()> {
        let optimize_it = match (&self.mtom, optimize) {
            (None, _) | (_, Optimize::Never) => false,
            (Some(_), Optimize::Always) => !value.is_empty(),
            (Some(m), Optimize::Default) => m.would_optimize(value),
        };
        if optimize_it {
            let mut part = value.clone();
            if part.content_type().is_none() {
                part = part.with_content_type(expected.unwrap_or("application/octet-stream"));
            }
            self.close_tag();
            let cid = match self.mtom.as_deref_mut() {
                Some(m) => m.include_cid(&part)?,
                None => return Ok(()),
            };
            let p = self
                .lookup(XOP_NS)
                .map(|i| self.bindings[i].0.clone())
                .unwrap_or_default();
            let href = crate::swa::href(&cid);
            if p.is_empty() {
                let _ = write!(
                    self.out,
                    "<xop:Include xmlns:xop=\"{XOP_NS}\" href=\"{href}\"/>"
                );
            } else {
                let _ = write!(self.out, "<{p}:Include href=\"{href}\"/>");
            }
            return Ok(());
        }
        self.close_tag();
        let mut sink = |chunk: &[u8]| self.out.push_str(&encode_base64(chunk));
        match value.as_bytes() {
            Some(b) => sink(b),
            None => {
                let bytes = value.to_bytes()?;
                sink(&bytes);
            }
        }
        Ok(())
    }

    /// Appends already-serialized, well-formed XML (used for raw content).
    pub fn raw(&mut self, xml: &str) {
        self.close_tag();
        self.out.push_str(xml);
    }

    /// The XML written, every open element closed; the first error a value
    /// recorded (a character XML cannot carry, a list item with a space),
    /// if any.
    pub fn finish(mut self) -> crate::Result<String> {
        while !self.stack.is_empty() {
            self.end();
        }
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.out),
        }
    }

    /// The XML written so far (every open element closed), whatever
    /// [`finish`](Self::finish) would report: for diagnostics only.
    pub fn into_string(mut self) -> String {
        while !self.stack.is_empty() {
            self.end();
        }
        self.out
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    /// True when nothing was written.
    pub fn is_empty(&self) -> bool {
        self.out.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::soap::SoapVersion;

    #[test]
    fn prefixes_are_declared_once_and_scoped() {
        let mut w = XmlWriter::new();
        w.start("urn:a", "root");
        w.start("urn:a", "child");
        w.attribute("urn:b", "at", "1 < 2");
        w.end();
        w.start("", "plain");
        w.text("x&y");
        w.end();
        w.end();
        assert_eq!(
            w.into_string(),
            "<ns1:root xmlns:ns1=\"urn:a\"><ns1:child xmlns:ns2=\"urn:b\" ns2:at=\"1 &lt; 2\"/><plain>x&amp;y</plain></ns1:root>"
        );
    }

    #[test]
    fn b5_inline_base64_without_mtom_and_b3_empty_never_optimized(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let mut w = XmlWriter::new();
        w.start("urn:a", "d");
        w.binary(&Binary::from(vec![0u8, 1, 2, 255]), None, Optimize::Always)?;
        w.end();
        assert_eq!(
            w.into_string(),
            "<ns1:d xmlns:ns1=\"urn:a\">AAEC/w==</ns1:d>"
        );

        let mut m = MtomWriter::new(SoapVersion::V11).threshold(0);
        let mut w = XmlWriter::with_mtom(&mut m);
        w.start("urn:a", "d");
        w.binary(&Binary::from(Vec::new()), None, Optimize::Always)?;
        w.end();
        assert_eq!(w.into_string(), "<ns1:d xmlns:ns1=\"urn:a\"></ns1:d>");
        Ok(())
    }

    #[test]
    fn f1_threshold_decides_and_a7_never_wins() -> Result<(), Box<dyn std::error::Error>> {
        let mut m = MtomWriter::new(SoapVersion::V11).threshold(3);
        let mut w = XmlWriter::with_mtom(&mut m);
        w.start("urn:a", "r");
        w.start("urn:a", "small");
        w.binary(&Binary::from(vec![1u8, 2, 3]), None, Optimize::Default)?;
        w.end();
        w.start("urn:a", "big");
        w.binary(
            &Binary::from(vec![1u8, 2, 3, 4]),
            Some("image/png"),
            Optimize::Default,
        )?;
        w.end();
        w.start("urn:a", "never");
        w.binary(&Binary::from(vec![9u8; 10]), None, Optimize::Never)?;
        w.end();
        w.end();
        let xml = w.into_string();
        assert!(xml.contains("<ns1:small>AQID</ns1:small>"), "{xml}");
        assert!(xml.contains("<ns1:big><xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:"), "{xml}");
        assert!(
            xml.contains("<ns1:never>CQkJCQkJCQkJCQ==</ns1:never>"),
            "{xml}"
        );
        Ok(())
    }
}
