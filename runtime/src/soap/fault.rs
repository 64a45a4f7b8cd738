//! SOAP faults for 1.1 (faultcode, faultstring, faultactor, detail) and 1.2
//! (Code, Subcode, Reason, Node, Role, Detail), read and written (E3).

use crate::error::{Error, Result};
use crate::soap::envelope::write_envelope;
use crate::soap::SoapVersion;
use crate::xml::{escape, ns_reader, xml_err};
use quick_xml::events::Event;
use quick_xml::name::{PrefixDeclaration, QName as XQName, ResolveResult};

/// A qualified name: namespace URI (if any) and local name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QName {
    /// Namespace URI.
    pub namespace: Option<String>,
    /// Local name.
    pub local: String,
}

/// A fault code, named as in SOAP 1.2; 1.1 names map onto it (Client = Sender,
/// Server = Receiver).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FaultCode {
    /// The envelope namespace was not understood.
    VersionMismatch,
    /// A mustUnderstand header was not understood.
    MustUnderstand,
    /// SOAP 1.2 DataEncodingUnknown.
    DataEncodingUnknown,
    /// The message was wrong (1.1: Client).
    Sender,
    /// The receiver failed (1.1: Server).
    Receiver,
    /// Any other code (1.1 allows application codes). SOAP 1.2 allows only
    /// the codes above in `Code/Value`: there it is written as the first
    /// `Subcode` of a Receiver fault.
    Other(QName),
}

impl FaultCode {
    fn local_name(&self, version: SoapVersion) -> &str {
        match (self, version) {
            (FaultCode::VersionMismatch, _) => "VersionMismatch",
            (FaultCode::MustUnderstand, _) => "MustUnderstand",
            (FaultCode::DataEncodingUnknown, _) => "DataEncodingUnknown",
            (FaultCode::Sender, SoapVersion::V11) => "Client",
            (FaultCode::Sender, SoapVersion::V12) => "Sender",
            (FaultCode::Receiver, SoapVersion::V11) => "Server",
            (FaultCode::Receiver, SoapVersion::V12) => "Receiver",
            (FaultCode::Other(q), _) => &q.local,
        }
    }

    fn from_qname(q: QName, version: SoapVersion) -> Self {
        if q.namespace.as_deref() == Some(version.namespace()) || q.namespace.is_none() {
            // 1.1 dotted codes ("Client.Authentication") keep their class.
            let base = q.local.split('.').next().unwrap_or("");
            match base {
                "VersionMismatch" => return FaultCode::VersionMismatch,
                "MustUnderstand" => return FaultCode::MustUnderstand,
                "DataEncodingUnknown" => return FaultCode::DataEncodingUnknown,
                "Client" | "Sender" => return FaultCode::Sender,
                "Server" | "Receiver" => return FaultCode::Receiver,
                _ => {}
            }
        }
        FaultCode::Other(q)
    }
}

/// A SOAP fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The code (1.2 `Code/Value`, 1.1 `faultcode`).
    pub code: FaultCode,
    /// 1.2 `Subcode/Value` chain, outermost first. A 1.1 dotted code
    /// (`Client.Authentication`) is read as [`FaultCode::Sender`] (or
    /// `Receiver`) with the whole code as the first subcode, and written
    /// back as it came in 1.1.
    pub subcodes: Vec<QName>,
    /// Human-readable reason (1.2 first `Reason/Text`, 1.1 `faultstring`).
    pub reason: String,
    /// Language of the reason (1.2 `xml:lang`).
    pub lang: Option<String>,
    /// 1.2 `Node`.
    pub node: Option<String>,
    /// 1.2 `Role`, 1.1 `faultactor`.
    pub role: Option<String>,
    /// Content of `detail`/`Detail` as written (XML fragment).
    pub detail: Option<String>,
    /// The namespace declarations in scope at `detail`/`Detail` where the
    /// fault was read (prefix, namespace name; an empty prefix for the
    /// default namespace), which the fragment's prefixes refer to; declared
    /// on the detail element again when the fault is written.
    pub detail_namespaces: Vec<(String, String)>,
}

impl Fault {
    /// A fault with a code and a reason.
    pub fn new(code: FaultCode, reason: impl Into<String>) -> Self {
        Fault {
            code,
            subcodes: Vec::new(),
            reason: reason.into(),
            lang: None,
            node: None,
            role: None,
            detail: None,
            detail_namespaces: Vec::new(),
        }
    }

    /// The fault a server answers with for a reader error (Sender/Client for bad
    /// input, Receiver/Server for local failures; see [`Error::http_status`]).
    pub fn from_error(err: &Error) -> Self {
        let mut f = Fault::new(err.fault_code(), err.to_string());
        f.lang = Some("en".into());
        f
    }

    /// The Fault element alone.
    pub fn to_element(&self, version: SoapVersion) -> String {
        let mut o = String::new();
        // Text for people (the reason may quote bad input).
        let text = crate::xml::escape_lossy;
        let ns_decl = |q: &QName| {
            q.namespace
                .as_ref()
                .map(|n| format!(" xmlns:c=\"{}\"", escape(n)))
                .unwrap_or_default()
        };
        let qtext = |q: &QName, env: bool| {
            if env {
                format!("soap:{}", escape(&q.local))
            } else if q.namespace.is_some() {
                format!("c:{}", escape(&q.local))
            } else {
                escape(&q.local).into_owned()
            }
        };
        let standard = |c: &FaultCode| QName {
            namespace: None,
            local: c.local_name(version).to_string(),
        };
        let mut subcodes: Vec<QName> = self.subcodes.clone();
        let (code_q, is_env) = match (&self.code, version) {
            // SOAP 1.2 allows only its five codes in Code/Value: an
            // application code becomes the first Subcode of a Receiver
            // fault.
            (FaultCode::Other(q), SoapVersion::V12) => {
                subcodes.insert(0, q.clone());
                (standard(&FaultCode::Receiver), true)
            }
            (FaultCode::Other(q), SoapVersion::V11) => (q.clone(), false),
            // SOAP 1.1: a dotted code read earlier (`Client.Authentication`,
            // kept as the first subcode) is written as it came.
            (c @ (FaultCode::Sender | FaultCode::Receiver), SoapVersion::V11)
                if subcodes
                    .first()
                    .is_some_and(|q| dotted_of(q, c.local_name(version))) =>
            {
                let q = subcodes.remove(0);
                (
                    QName {
                        namespace: None,
                        local: q.local,
                    },
                    true,
                )
            }
            (c, _) => (standard(c), true),
        };
        match version {
            SoapVersion::V11 => {
                o.push_str("<soap:Fault><faultcode");
                if !is_env {
                    o.push_str(&ns_decl(&code_q));
                }
                o.push('>');
                o.push_str(&qtext(&code_q, is_env));
                o.push_str("</faultcode><faultstring");
                if let Some(l) = &self.lang {
                    o.push_str(&format!(" xml:lang=\"{}\"", escape(l)));
                }
                o.push('>');
                o.push_str(&text(&self.reason));
                o.push_str("</faultstring>");
                if let Some(r) = &self.role {
                    o.push_str(&format!("<faultactor>{}</faultactor>", text(r)));
                }
                if let Some(d) = &self.detail {
                    // SOAP 1.1's detail is unqualified: no default
                    // namespace may be declared on it.
                    o.push_str(&format!(
                        "<detail{}>{d}</detail>",
                        declarations(&self.detail_namespaces, false)
                    ));
                }
                o.push_str("</soap:Fault>");
            }
            SoapVersion::V12 => {
                o.push_str("<soap:Fault><soap:Code><soap:Value");
                if !is_env {
                    o.push_str(&ns_decl(&code_q));
                }
                o.push('>');
                o.push_str(&qtext(&code_q, is_env));
                o.push_str("</soap:Value>");
                for s in &subcodes {
                    o.push_str("<soap:Subcode><soap:Value");
                    o.push_str(&ns_decl(s));
                    o.push('>');
                    o.push_str(&qtext(s, false));
                    o.push_str("</soap:Value>");
                }
                for _ in &subcodes {
                    o.push_str("</soap:Subcode>");
                }
                o.push_str("</soap:Code><soap:Reason><soap:Text xml:lang=\"");
                o.push_str(&escape(self.lang.as_deref().unwrap_or("en")));
                o.push_str("\">");
                o.push_str(&text(&self.reason));
                o.push_str("</soap:Text></soap:Reason>");
                if let Some(n) = &self.node {
                    o.push_str(&format!("<soap:Node>{}</soap:Node>", text(n)));
                }
                if let Some(r) = &self.role {
                    o.push_str(&format!("<soap:Role>{}</soap:Role>", text(r)));
                }
                if let Some(d) = &self.detail {
                    o.push_str(&format!(
                        "<soap:Detail{}>{d}</soap:Detail>",
                        declarations(&self.detail_namespaces, true)
                    ));
                }
                o.push_str("</soap:Fault>");
            }
        }
        o
    }

    /// A whole envelope holding this fault (send it plain, or through
    /// [`crate::mime::writer::MtomWriter`] for an MTOM-packaged fault, E3).
    pub fn to_envelope(&self, version: SoapVersion) -> String {
        write_envelope(version, &[], &self.to_element(version))
    }

    /// Reads the fault from a whole envelope (1.1 or 1.2, by namespace).
    pub fn parse(xml: &[u8]) -> Result<Self> {
        // quick-xml's positions do not count a byte order mark: slice what
        // follows it.
        let xml = xml.strip_prefix(crate::xml::UTF8_BOM).unwrap_or(xml);
        let mut r = ns_reader(xml);
        let mut path: Vec<String> = Vec::new();
        let mut version = None;
        let mut fault_depth = None;
        let mut f = Fault::new(FaultCode::Receiver, "");
        let mut got_code = false;
        let mut got_reason = false;
        let mut detail_start: Option<(usize, usize)> = None; // (content start, depth)
        let mut text = String::new();
        // Namespace declarations of the open elements, and how many each
        // made.
        let mut decls: Vec<(String, String)> = Vec::new();
        let mut declared: Vec<usize> = Vec::new();
        loop {
            let before = usize::try_from(r.buffer_position()).unwrap_or(usize::MAX);
            let (ns, ev) = r.read_resolved_event().map_err(xml_err)?;
            match ev {
                Event::DocType(_) => return Err(Error::DtdForbidden),
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let local = String::from_utf8_lossy(e.local_name().into_inner()).into_owned();
                    let before_decls = decls.len();
                    for a in e.attributes().flatten() {
                        let prefix = match a.key.as_namespace_binding() {
                            Some(PrefixDeclaration::Default) => "",
                            Some(PrefixDeclaration::Named(p)) => {
                                std::str::from_utf8(p).unwrap_or("")
                            }
                            None => continue,
                        };
                        let uri = a.unescape_value().map_err(xml_err)?.into_owned();
                        decls.push((prefix.to_string(), uri));
                    }
                    if path.is_empty() {
                        if let ResolveResult::Bound(n) = &ns {
                            version = SoapVersion::from_namespace(&String::from_utf8_lossy(n.0));
                        }
                    }
                    // The Body's first child (a header block named Fault is not one).
                    if fault_depth.is_none()
                        && local == "Fault"
                        && path.len() == 2
                        && path[1] == "Body"
                    {
                        fault_depth = Some(path.len() + 1);
                    }
                    if fault_depth.is_some() {
                        // The language of the text the reason is taken
                        // from: the first faultstring / Reason Text of
                        // this Fault (not one inside its detail), from
                        // `xml:lang` only.
                        let reason_here = match local.as_str() {
                            "faultstring" => Some(path.len()) == fault_depth,
                            "Text" => {
                                path.last().map(String::as_str) == Some("Reason")
                                    && Some(path.len()) == fault_depth.map(|d| d + 1)
                            }
                            _ => false,
                        };
                        if reason_here && !got_reason {
                            for a in e.attributes().flatten() {
                                if a.key.as_ref() == b"xml:lang" {
                                    let v = a.unescape_value().map_err(xml_err)?;
                                    f.lang = Some(v.into_owned());
                                }
                            }
                        }
                        if (local == "detail" || local == "Detail")
                            && Some(path.len()) == fault_depth
                            && detail_start.is_none()
                        {
                            let pos = usize::try_from(r.buffer_position()).unwrap_or(usize::MAX);
                            if matches!(ev, Event::Empty(_)) {
                                f.detail = Some(String::new());
                            } else {
                                detail_start = Some((pos, path.len() + 1));
                                f.detail_namespaces = in_scope(&decls);
                            }
                        }
                    }
                    if matches!(ev, Event::Start(_)) {
                        path.push(local);
                        declared.push(decls.len() - before_decls);
                        text.clear();
                    } else {
                        decls.truncate(before_decls);
                    }
                }
                Event::Text(ref t) => {
                    let raw = std::str::from_utf8(t).map_err(xml_err)?;
                    text.push_str(&crate::bind::decode_text(raw).map_err(Error::Xml)?);
                }
                Event::CData(ref t) => text.push_str(&crate::xml::normalize_line_ends(
                    &String::from_utf8_lossy(t),
                )),
                Event::End(_) => {
                    let Some(v) = version else {
                        return Err(Error::Envelope("not a SOAP envelope".into()));
                    };
                    if let (Some(fd), Some(last)) = (fault_depth, path.last()) {
                        let rel: Vec<&str> = path
                            .get(fd - 1..)
                            .unwrap_or(&[])
                            .iter()
                            .map(String::as_str)
                            .collect();
                        let t = text.trim().to_string();
                        match (v, rel.as_slice()) {
                            (SoapVersion::V11, ["Fault", "faultcode"])
                            | (SoapVersion::V12, ["Fault", "Code", "Value"]) => {
                                let q = resolve_qname(&r, &t);
                                f.code = FaultCode::from_qname(q.clone(), v);
                                // A 1.1 dotted code (`Client.Authentication`)
                                // keeps its class and, as the first subcode,
                                // the whole code.
                                if q.local.contains('.')
                                    && matches!(f.code, FaultCode::Sender | FaultCode::Receiver)
                                {
                                    f.subcodes.insert(0, q);
                                }
                                got_code = true;
                            }
                            (SoapVersion::V12, ["Fault", "Code", rest @ ..])
                                if rest.len() >= 2
                                    && rest.iter().rev().skip(1).all(|s| *s == "Subcode")
                                    && rest.last() == Some(&"Value") =>
                            {
                                f.subcodes.push(resolve_qname(&r, &t));
                            }
                            (SoapVersion::V11, ["Fault", "faultstring"]) => {
                                f.reason = t;
                                got_reason = true;
                            }
                            (SoapVersion::V12, ["Fault", "Reason", "Text"]) if !got_reason => {
                                f.reason = t;
                                got_reason = true;
                            }
                            (SoapVersion::V11, ["Fault", "faultactor"])
                            | (SoapVersion::V12, ["Fault", "Role"]) => f.role = Some(t),
                            (SoapVersion::V12, ["Fault", "Node"]) => f.node = Some(t),
                            _ => {}
                        }
                        if let Some((start, depth)) = detail_start {
                            if depth == path.len() && (last == "detail" || last == "Detail") {
                                let end = before.min(xml.len());
                                f.detail = xml
                                    .get(start.min(end)..end)
                                    .map(|s| String::from_utf8_lossy(s).into_owned());
                                // Only the declarations the fragment uses
                                // (a prefix before a colon in a name or a
                                // value), and a default namespace.
                                if let Some(d) = &f.detail {
                                    let used: Vec<&str> = crate::xml::colon_prefixes(d).collect();
                                    f.detail_namespaces.retain(|(p, _)| {
                                        p.is_empty() || used.contains(&p.as_str())
                                    });
                                }
                                detail_start = None;
                            }
                        }
                    }
                    text.clear();
                    path.pop();
                    let made = declared.pop().unwrap_or(0);
                    decls.truncate(decls.len().saturating_sub(made));
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if fault_depth.is_none() {
            return Err(Error::Envelope("no Fault in the Body".into()));
        }
        if !got_code {
            return Err(Error::Envelope("Fault without a code".into()));
        }
        Ok(f)
    }
}

/// The innermost declaration of each prefix in `decls` (declared
/// outermost first), without the `xml` prefix, whose binding is fixed.
fn in_scope(decls: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (p, u) in decls.iter().rev() {
        if p != "xml" && !out.iter().any(|(q, _)| q == p) {
            out.push((p.clone(), u.clone()));
        }
    }
    out.reverse();
    out
}

/// ` xmlns:p="…"` for each declaration to make on the detail element:
/// for SOAP 1.2's `soap:Detail` (`soap12`) the default namespace too, but
/// not `soap`, which names the element itself; SOAP 1.1's unqualified
/// `detail` cannot carry a default namespace.
fn declarations(decls: &[(String, String)], soap12: bool) -> String {
    let mut out = String::new();
    for (p, u) in decls {
        if soap12 && p == "soap" {
            continue;
        }
        if p.is_empty() {
            if soap12 {
                out.push_str(&format!(" xmlns=\"{}\"", escape(u)));
            }
        } else if u.is_empty() {
            // An undeclared prefix (XML 1.1 style) is left out.
        } else {
            out.push_str(&format!(" xmlns:{p}=\"{}\"", escape(u)));
        }
    }
    out
}

/// True when `q` is a dotted refinement of the standard code `class`
/// (`Client.Authentication` of `Client`), in the 1.1 envelope namespace.
fn dotted_of(q: &QName, class: &str) -> bool {
    let in_env =
        q.namespace.is_none() || q.namespace.as_deref() == Some(SoapVersion::V11.namespace());
    in_env
        && q.local
            .strip_prefix(class)
            .is_some_and(|rest| rest.starts_with('.') && rest.len() > 1)
}

fn resolve_qname(r: &quick_xml::NsReader<&[u8]>, text: &str) -> QName {
    let (ns, local) = r.resolve(XQName(text.as_bytes()), false);
    QName {
        namespace: match ns {
            ResolveResult::Bound(n) => Some(String::from_utf8_lossy(n.0).into_owned()),
            _ => None,
        },
        local: String::from_utf8_lossy(local.into_inner()).into_owned(),
    }
}
