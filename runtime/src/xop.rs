//! XOP infoset resolution: one pass over the root XML that checks it (no DTD,
//! depth and attribute limits), finds the SOAP structure and every `xop:Include`
//! (D9, D10) or SwA `cid:` reference, and records the element path where each
//! stood.

use crate::error::{Error, Result};
use crate::limits::{Limit, Limits};
use crate::soap::SoapVersion;
use crate::xml::{ns_reader, trim_xml, xml_err, SOAP11_NS, SOAP12_NS, XOP_NS};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

/// Where in the envelope a reference stood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// Inside `soap:Body`; the path starts at the Body's child.
    Body,
    /// Inside `soap:Header`; the path starts at the header block.
    Header,
    /// Not a SOAP envelope; the path starts at the document element.
    Document,
}

/// The element path of a reference: local names from the Body's child (or the
/// header block, or the document element) down to the element that held the
/// reference, e.g. `/sendImage/input/imageData`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BodyPath {
    /// Which part of the envelope.
    pub section: Section,
    /// Plain path of local names, e.g. `/sendImage/input/imageData`.
    pub path: String,
    /// The same path with a 1-based `[n]` on every step whose element name is
    /// repeated among its siblings, e.g. `/sendImage/input/imageData[2]`.
    pub indexed: String,
    /// 1-based occurrence of [`BodyPath::path`] among the references of the
    /// message in document order.
    pub occurrence: usize,
}

impl fmt::Display for BodyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.section == Section::Header {
            f.write_str("/Header")?;
        }
        f.write_str(&self.indexed)
    }
}

/// How a reference was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// `<xop:Include href="cid:..."/>` (MTOM/XOP).
    Include,
    /// An `href="cid:..."` attribute (SwA).
    Href,
    /// Element text that is a `cid:` URI (`wsi:swaRef`).
    SwaRef,
}

/// One reference found in the root part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The href exactly as written (unescaped XML).
    pub href: String,
    /// How it was written.
    pub kind: RefKind,
    /// Where it stood.
    pub path: BodyPath,
    /// The `xmime:contentType` attribute of the element that held the reference
    /// (2005/05 namespace, or the older 2004/11 and 2004/06 ones), A5.
    pub content_type_attr: Option<String>,
}

/// What one pass over the root XML found.
#[derive(Debug, Clone, Default)]
pub struct RootScan {
    /// SOAP version from the envelope namespace, if the document is an envelope.
    pub version: Option<SoapVersion>,
    /// Byte range of the Header element's content.
    pub header: Option<Range<usize>>,
    /// Byte range of the Body element's content.
    pub body: Option<Range<usize>>,
    /// Byte ranges of each child element of Header.
    pub header_blocks: Vec<Range<usize>>,
    /// Byte ranges of each child element of Body.
    pub body_children: Vec<Range<usize>>,
    /// Whether the Body's first child is a SOAP Fault.
    pub is_fault: bool,
    /// References in document order.
    pub references: Vec<Reference>,
}

/// Which references to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanMode {
    /// Only `xop:Include` (an XOP package or a plain message).
    Xop,
    /// `xop:Include`, `href="cid:"` attributes and swaRef text (SwA).
    Swa,
}

struct Frame {
    name: String,
    ordinal: u32,
    child_counts: HashMap<String, u32>,
    elements: u32,
    text: bool,
    include: bool,
    has_include_child: bool,
    swa_text: Option<String>,
    // (reference index, segment index) whose "repeated" flag this frame decides.
    pending: Vec<(usize, usize)>,
    xmime_ct: Option<String>,
    /// Where its start tag starts.
    start: usize,
    /// Where its content starts: just after the start tag's `>` (a `>` may
    /// stand unescaped in an attribute value, so only the reader knows).
    content_start: usize,
    section_role: Role,
    /// Namespace declarations on its start tag.
    declared: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Other,
    Envelope,
    Header,
    Body,
}

/// Most namespace declarations in scope at once, shadowed ones included
/// (as the typed reader's [`Document`](crate::bind::Document) allows): each
/// element's name is resolved against them, so the bound keeps a scan
/// linear in the input.
const MAX_DECLARATIONS_IN_SCOPE: usize = 256;

/// Scans the root XML. Errors: DTD, malformed XML, limits, and invalid
/// `xop:Include` (D9) or non-`cid:` href (D10). At most `max_parts ×
/// max_references_per_part` references are recorded (no message can
/// resolve more); see [`scan_bounded`].
pub fn scan(xml: &[u8], limits: &Limits, mode: ScanMode) -> Result<RootScan> {
    let most = limits
        .max_parts
        .saturating_mul(limits.max_references_per_part);
    scan_bounded(xml, limits, mode, most)
}

/// [`scan`] recording at most `max_references` references: one more is
/// [`Limit::ReferencesPerPart`] exceeded, found before the scan spends more
/// on it (each costs as much as its element is deep).
pub fn scan_bounded(
    xml: &[u8],
    limits: &Limits,
    mode: ScanMode,
    max_references: usize,
) -> Result<RootScan> {
    // quick-xml skips a UTF-8 byte order mark without counting it in its
    // positions: scan what follows it, and give ranges into `xml`.
    let content = xml.strip_prefix(crate::xml::UTF8_BOM).unwrap_or(xml);
    let bom = xml.len() - content.len();
    let mut out = scan_from(content, limits, mode, max_references)?;
    if bom > 0 {
        let shift = |r: &mut Range<usize>| *r = r.start + bom..r.end + bom;
        out.header.iter_mut().for_each(shift);
        out.body.iter_mut().for_each(shift);
        out.header_blocks.iter_mut().for_each(shift);
        out.body_children.iter_mut().for_each(shift);
    }
    Ok(out)
}

/// [`scan_bounded`] of a document without a byte order mark.
fn scan_from(
    xml: &[u8],
    limits: &Limits,
    mode: ScanMode,
    max_references: usize,
) -> Result<RootScan> {
    let mut reader = ns_reader(xml);
    let mut out = RootScan::default();
    let mut stack: Vec<Frame> = Vec::new();
    // Namespace declarations on the open elements, and whether the document
    // element has been read.
    let mut declarations = 0usize;
    let mut had_root = false;
    // Index in `stack` of the first path element, and the section.
    let mut path_base: Option<(usize, Section)> = None;
    let mut segments: Vec<Vec<(String, u32, bool)>> = Vec::new();
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let (ns, event) = reader.read_resolved_event().map_err(xml_err)?;
        let ns_str = match ns {
            ResolveResult::Bound(n) => Some(String::from_utf8_lossy(n.into_inner()).into_owned()),
            _ => None,
        };
        match event {
            Event::DocType(_) => return Err(Error::DtdForbidden),
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if stack.len() + 1 > limits.max_xml_depth {
                    return Err(Error::limit(
                        Limit::XmlDepth,
                        limits.max_xml_depth as u64,
                        stack.len() as u64 + 1,
                    ));
                }
                if stack.is_empty() && std::mem::replace(&mut had_root, true) {
                    return Err(Error::Xml("content after the document element".into()));
                }
                let (mut attr_count, mut declared) = (0, 0);
                for a in e.attributes().with_checks(false) {
                    attr_count += 1;
                    if let Ok(a) = a {
                        let key = a.key.as_ref();
                        declared += usize::from(key == b"xmlns" || key.starts_with(b"xmlns:"));
                    }
                }
                if attr_count > limits.max_attributes {
                    return Err(Error::limit(
                        Limit::Attributes,
                        limits.max_attributes as u64,
                        attr_count as u64,
                    ));
                }
                if declarations + declared > MAX_DECLARATIONS_IN_SCOPE {
                    return Err(Error::Xml(format!(
                        "more than {MAX_DECLARATIONS_IN_SCOPE} namespace declarations in scope"
                    )));
                }
                let local = String::from_utf8_lossy(e.local_name().into_inner()).into_owned();
                let is_include = ns_str.as_deref() == Some(XOP_NS) && local == "Include";
                let xmime_ct = if is_include {
                    None
                } else {
                    xmime_content_type(&reader, e)?
                };
                let depth = stack.len();
                // SOAP structure.
                let mut role = Role::Other;
                if depth == 0 {
                    out.version = match ns_str.as_deref() {
                        Some(SOAP11_NS) if local == "Envelope" => Some(SoapVersion::V11),
                        Some(SOAP12_NS) if local == "Envelope" => Some(SoapVersion::V12),
                        _ => None,
                    };
                    if out.version.is_some() {
                        role = Role::Envelope;
                    } else {
                        path_base = Some((0, Section::Document));
                    }
                } else if depth == 1 && stack[0].section_role == Role::Envelope {
                    let env_ns = out.version.map(SoapVersion::namespace);
                    if ns_str.as_deref() == env_ns {
                        role = match local.as_str() {
                            "Header" => Role::Header,
                            "Body" => Role::Body,
                            _ => Role::Other,
                        };
                    }
                } else if depth == 2 {
                    match stack[1].section_role {
                        Role::Body => {
                            if stack[1].elements == 0
                                && local == "Fault"
                                && ns_str.as_deref() == out.version.map(SoapVersion::namespace)
                            {
                                out.is_fault = true;
                            }
                            path_base = Some((2, Section::Body));
                        }
                        Role::Header => path_base = Some((2, Section::Header)),
                        _ => {}
                    }
                }
                // Parent bookkeeping.
                let mut ordinal = 1;
                if let Some(parent) = stack.last_mut() {
                    parent.elements += 1;
                    let c = parent.child_counts.entry(local.clone()).or_insert(0);
                    *c += 1;
                    ordinal = *c;
                    if is_include {
                        if parent.has_include_child || parent.include {
                            return Err(Error::InvalidInclude(
                                "more than one xop:Include in one element".into(),
                            ));
                        }
                        parent.has_include_child = true;
                    }
                }
                if is_include {
                    let href = include_href(&reader, e)?;
                    let Some(base) = path_base.filter(|(b, _)| *b < depth) else {
                        return Err(Error::InvalidInclude(
                            "xop:Include not inside an element of the Body, a header block or the document element".into(),
                        ));
                    };
                    push_ref(
                        &mut out,
                        &mut stack,
                        &mut segments,
                        base,
                        href,
                        RefKind::Include,
                        max_references,
                    )?;
                } else if mode == ScanMode::Swa {
                    if let Some(href) = swa_href(&reader, e)? {
                        if let Some(base) = path_base.filter(|(b, _)| *b <= depth) {
                            // The reference is on this element itself: push a frame first.
                            let after =
                                usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
                            let mut f = new_frame(&local, ordinal, before..after, role, false);
                            f.xmime_ct = xmime_ct.clone();
                            f.declared = declared;
                            stack.push(f);
                            let r = push_ref(
                                &mut out,
                                &mut stack,
                                &mut segments,
                                base,
                                href,
                                RefKind::Href,
                                max_references,
                            );
                            let frame = stack.pop();
                            r?;
                            if let Some(f) = frame {
                                if !empty {
                                    declarations += f.declared;
                                    stack.push(f);
                                } else {
                                    close_frame(&mut segments, f, None)?;
                                }
                                continue;
                            }
                        }
                    }
                }
                let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
                let mut frame = new_frame(&local, ordinal, before..after, role, is_include);
                frame.xmime_ct = xmime_ct;
                frame.declared = declared;
                if empty {
                    let end = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
                    match role {
                        Role::Header => out.header = Some(end..end),
                        Role::Body => out.body = Some(end..end),
                        _ => {}
                    }
                    if stack.len() == 2 {
                        match stack[1].section_role {
                            Role::Header => out.header_blocks.push(before..end),
                            Role::Body => out.body_children.push(before..end),
                            _ => {}
                        }
                    }
                    close_frame(&mut segments, frame, None)?;
                } else {
                    declarations += frame.declared;
                    stack.push(frame);
                }
            }
            Event::End(_) => {
                let Some(frame) = stack.pop() else {
                    return Err(Error::Xml("unbalanced end tag".into()));
                };
                declarations = declarations.saturating_sub(frame.declared);
                let end = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
                match frame.section_role {
                    Role::Header | Role::Body => {
                        let content = Some(frame.content_start.min(before)..before);
                        if frame.section_role == Role::Header {
                            out.header = content;
                        } else {
                            out.body = content;
                        }
                        // What follows the section is outside it.
                        path_base = None;
                    }
                    _ => {}
                }
                if stack.len() == 2 {
                    match stack[1].section_role {
                        Role::Header => out.header_blocks.push(frame.start..end),
                        Role::Body => out.body_children.push(frame.start..end),
                        _ => {}
                    }
                }
                // swaRef: an element whose whole content is a cid: URI.
                if mode == ScanMode::Swa && frame.elements == 0 {
                    if let (Some(text), Some(base)) = (frame.swa_text.clone(), path_base) {
                        let t = trim_xml(&text);
                        if t.len() > 4 && is_cid_uri(t) && base.0 <= stack.len() {
                            stack.push(frame);
                            let r = push_ref(
                                &mut out,
                                &mut stack,
                                &mut segments,
                                base,
                                t.to_string(),
                                RefKind::SwaRef,
                                max_references,
                            );
                            let Some(frame) = stack.pop() else { continue };
                            r?;
                            close_frame(&mut segments, frame, None)?;
                            continue;
                        }
                    }
                }
                close_frame(&mut segments, frame, None)?;
            }
            Event::Text(ref t) => {
                let ws = t.iter().all(|c| c.is_ascii_whitespace());
                if let Some(top) = stack.last_mut() {
                    if !ws {
                        top.text = true;
                        if top.include {
                            return Err(Error::InvalidInclude("xop:Include has content".into()));
                        }
                        if mode == ScanMode::Swa && top.elements == 0 {
                            let s = t.unescape().map_err(xml_err)?;
                            top.swa_text.get_or_insert_with(String::new).push_str(&s);
                        }
                    }
                } else if !ws {
                    return Err(Error::Xml("text outside the document element".into()));
                }
            }
            // D9: an xop:Include is empty and its parent's only child; a
            // comment or processing instruction is content too.
            Event::CData(_) | Event::Comment(_) | Event::PI(_) => {
                if let Some(top) = stack.last_mut() {
                    top.text = true;
                    if top.include {
                        return Err(Error::InvalidInclude("xop:Include has content".into()));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(Error::Xml("unexpected end of document".into()));
    }
    // Finalise the paths.
    let mut seen: HashMap<(Section, String), usize> = HashMap::new();
    for (r, segs) in out.references.iter_mut().zip(segments) {
        let mut plain = String::new();
        let mut indexed = String::new();
        for (name, ord, repeated) in segs {
            plain.push('/');
            plain.push_str(&name);
            indexed.push('/');
            indexed.push_str(&name);
            if repeated {
                indexed.push_str(&format!("[{ord}]"));
            }
        }
        let n = seen.entry((r.path.section, plain.clone())).or_insert(0);
        *n += 1;
        r.path.path = plain;
        r.path.indexed = indexed;
        r.path.occurrence = *n;
    }
    Ok(out)
}

fn new_frame(name: &str, ordinal: u32, tag: Range<usize>, role: Role, include: bool) -> Frame {
    Frame {
        name: name.to_string(),
        ordinal,
        child_counts: HashMap::new(),
        elements: 0,
        text: false,
        include,
        has_include_child: false,
        swa_text: None,
        pending: Vec::new(),
        xmime_ct: None,
        start: tag.start,
        content_start: tag.end,
        section_role: role,
        declared: 0,
    }
}

fn close_frame(
    segments: &mut [Vec<(String, u32, bool)>],
    frame: Frame,
    _unused: Option<()>,
) -> Result<()> {
    if frame.include && (frame.elements > 0 || frame.text) {
        return Err(Error::InvalidInclude("xop:Include is not empty".into()));
    }
    if frame.has_include_child && (frame.elements > 1 || frame.text) {
        return Err(Error::InvalidInclude(format!(
            "xop:Include in <{}> is not its only child",
            frame.name
        )));
    }
    for (r, i) in frame.pending {
        if let Some(seg) = segments.get_mut(r).and_then(|s| s.get_mut(i)) {
            seg.2 = frame.child_counts.get(&seg.0).copied().unwrap_or(0) > 1;
        }
    }
    Ok(())
}

/// Records a reference held by the element on top of the stack (for an Include:
/// its parent, which is the top since the Include frame is not pushed yet).
fn push_ref(
    out: &mut RootScan,
    stack: &mut [Frame],
    segments: &mut Vec<Vec<(String, u32, bool)>>,
    (base, section): (usize, Section),
    href: String,
    kind: RefKind,
    max_references: usize,
) -> Result<()> {
    let idx = out.references.len();
    if idx >= max_references {
        return Err(Error::limit(
            Limit::ReferencesPerPart,
            max_references as u64,
            idx as u64 + 1,
        ));
    }
    let mut segs = Vec::new();
    for i in base..stack.len() {
        segs.push((stack[i].name.clone(), stack[i].ordinal, false));
        // A document element has no siblings: it is never "repeated".
        if i > 0 {
            stack[i - 1].pending.push((idx, i - base));
        }
    }
    segments.push(segs);
    out.references.push(Reference {
        href,
        kind,
        content_type_attr: stack.last().and_then(|f| f.xmime_ct.clone()),
        path: BodyPath {
            section,
            path: String::new(),
            indexed: String::new(),
            occurrence: 0,
        },
    });
    Ok(())
}

fn include_href(reader: &quick_xml::NsReader<&[u8]>, e: &BytesStart<'_>) -> Result<String> {
    let mut href = None;
    for a in e.attributes() {
        let a = a.map_err(xml_err)?;
        let (ns, local) = reader.resolve_attribute(a.key);
        if local.into_inner() == b"href" && matches!(ns, ResolveResult::Unbound) {
            href = Some(a.unescape_value().map_err(xml_err)?.into_owned());
        }
    }
    let Some(href) = href else {
        return Err(Error::InvalidInclude("xop:Include without href".into()));
    };
    let t = trim_xml(&href);
    if !(t.len() >= 4 && is_cid_uri(t)) {
        return Err(Error::NonCidHref(href));
    }
    Ok(href)
}

fn swa_href(reader: &quick_xml::NsReader<&[u8]>, e: &BytesStart<'_>) -> Result<Option<String>> {
    for a in e.attributes() {
        let a = a.map_err(xml_err)?;
        let (ns, local) = reader.resolve_attribute(a.key);
        if local.into_inner() == b"href" && matches!(ns, ResolveResult::Unbound) {
            let v = a.unescape_value().map_err(xml_err)?;
            let t = trim_xml(&v);
            if t.len() > 4 && is_cid_uri(t) {
                return Ok(Some(t.to_string()));
            }
        }
    }
    Ok(None)
}

/// Whether a value starts with `cid:` (case-insensitive; byte-wise, so any UTF-8
/// input is safe).
fn is_cid_uri(s: &str) -> bool {
    s.as_bytes()
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"cid:"))
}

/// The `xmime:contentType` attribute of an element, if any.
fn xmime_content_type(
    reader: &quick_xml::NsReader<&[u8]>,
    e: &BytesStart<'_>,
) -> Result<Option<String>> {
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(xml_err)?;
        if a.key.local_name().into_inner() != b"contentType" {
            continue;
        }
        if let (ResolveResult::Bound(ns), _) = reader.resolve_attribute(a.key) {
            if matches!(
                ns.into_inner(),
                b"http://www.w3.org/2005/05/xmlmime"
                    | b"http://www.w3.org/2004/11/xmlmime"
                    | b"http://www.w3.org/2004/06/xmlmime"
            ) {
                return Ok(Some(
                    trim_xml(&a.unescape_value().map_err(xml_err)?).to_string(),
                ));
            }
        }
    }
    Ok(None)
}
