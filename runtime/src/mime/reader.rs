//! The in-memory reader: zero-copy over one [`Bytes`] buffer (D1–D14), and the
//! assembly step it shares with the streaming reader.

use crate::binary::{Binary, BinaryData};
use crate::error::{Error, Result};
use crate::limits::{Limit, Limits};
use crate::message::{
    new_root_document_id, Attachment, AttachmentId, Message, PackageKind, PartInfo, Problem,
};
use crate::mime::header::{normalize_cid, percent_decode, same_content_id, ContentType, Headers};
use crate::mime::multipart::{decode_body, sniff_boundary, split, SplitInfo, TransferEncoding};
use crate::soap::SoapVersion;
use crate::xop::{scan, RefKind, ScanMode};
use bytes::Bytes;
use std::collections::HashMap;

/// A decoded part handed to [`assemble`].
#[derive(Debug)]
pub(crate) struct DecodedPart {
    pub info: PartInfo,
    pub data: BinaryData,
}

/// Decodes a whole message held in memory. `content_type` is the HTTP
/// Content-Type; a non-multipart type is read as a plain SOAP message (D13).
pub fn decode(content_type: &str, body: Bytes, limits: &Limits) -> Result<Message> {
    if body.len() as u64 > limits.max_message_size {
        return Err(Error::limit(
            Limit::MessageSize,
            limits.max_message_size,
            body.len() as u64,
        ));
    }
    let ct = ContentType::parse(content_type)?;
    if !ct.is_multipart() {
        return plain(&ct, content_type, body, limits);
    }
    let mut problems = Vec::new();
    let boundary = boundary_of(&ct, &body, &mut problems)?;
    let (raw, info) = split(&body, &boundary, limits)?;
    framing_problems(&info, &mut problems);
    let mut parts = Vec::with_capacity(raw.len());
    for (index, p) in raw.into_iter().enumerate() {
        let info = part_info(index, p.headers)?;
        let data = decode_body(&p.body, info.transfer_encoding)?;
        parts.push(DecodedPart {
            info,
            data: BinaryData::Bytes(data),
        });
    }
    assemble(&ct, parts, limits, problems, true)
}

/// The boundary parameter, or one sniffed from the body (D4).
pub(crate) fn boundary_of(
    ct: &ContentType,
    head: &[u8],
    problems: &mut Vec<Problem>,
) -> Result<String> {
    match ct.param("boundary") {
        Some(b) if !b.is_empty() => Ok(b.to_string()),
        _ => {
            let b = sniff_boundary(head).ok_or(Error::MissingBoundary)?;
            problems.push(Problem {
                id: "D4",
                message: format!("no boundary parameter; took {b:?} from the first -- line"),
            });
            Ok(b)
        }
    }
}

pub(crate) fn framing_problems(info: &SplitInfo, problems: &mut Vec<Problem>) {
    if info.lf_only_delimiters > 0 {
        problems.push(Problem {
            id: "D3",
            message: format!(
                "{} delimiter(s) with LF-only line endings",
                info.lf_only_delimiters
            ),
        });
    }
    if info.preamble {
        problems.push(Problem {
            id: "D3",
            message: "preamble before the first delimiter".into(),
        });
    }
    if info.epilogue {
        problems.push(Problem {
            id: "D3",
            message: "epilogue after the close delimiter".into(),
        });
    }
}

/// Builds [`PartInfo`] from a part's headers.
pub(crate) fn part_info(index: usize, headers: Headers) -> Result<PartInfo> {
    let transfer_encoding = TransferEncoding::parse(headers.get("content-transfer-encoding"))?;
    let content_id = headers
        .get("content-id")
        .map(|v| normalize_cid(v).to_string())
        .filter(|v| !v.is_empty());
    let content_type = headers.get("content-type").map(str::to_string);
    Ok(PartInfo {
        index,
        content_id,
        content_type,
        transfer_encoding,
        headers,
    })
}

fn plain(ct: &ContentType, raw_ct: &str, body: Bytes, limits: &Limits) -> Result<Message> {
    if body.len() as u64 > limits.max_root_size {
        return Err(Error::limit(
            Limit::RootSize,
            limits.max_root_size,
            body.len() as u64,
        ));
    }
    let s = scan(&body, limits, ScanMode::Xop)?;
    if let Some(r) = s.references.first() {
        return Err(Error::UnresolvedHref(r.href.clone()));
    }
    let mut problems = Vec::new();
    version_problems(
        s.version,
        SoapVersion::from_media_type(&ct.media_type),
        &mut problems,
    );
    Ok(Message {
        root_document_id: new_root_document_id(),
        kind: PackageKind::Plain,
        version: s.version,
        action: ct.param("action").map(str::to_string),
        root: PartInfo {
            index: 0,
            content_id: None,
            content_type: Some(raw_ct.to_string()),
            transfer_encoding: TransferEncoding::Binary,
            headers: Headers::default(),
        },
        root_xml: body,
        attachments: Vec::new(),
        problems,
    })
}

/// Picks the root (D1), checks ids (D8) and sizes, scans the root XML and
/// resolves every reference (D7, D9, D10), keeping unreferenced parts (D12).
/// `check_sizes`: whether part sizes still need checking (the streaming reader
/// checks them while reading).
pub(crate) fn assemble(
    ct: &ContentType,
    parts: Vec<DecodedPart>,
    limits: &Limits,
    mut problems: Vec<Problem>,
    check_sizes: bool,
) -> Result<Message> {
    if parts.is_empty() {
        return Err(Error::MalformedHeader(
            "multipart message without parts".into(),
        ));
    }
    // D8: duplicate Content-IDs.
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for p in &parts {
        if let Some(cid) = p.info.content_id.as_deref() {
            if ids.insert(cid, p.info.index).is_some() {
                return Err(Error::DuplicateContentId(cid.to_string()));
            }
        }
    }
    // D1: the root is the part named by `start`, else the first.
    let root_idx = match ct.param("start") {
        Some(start) => {
            let raw = normalize_cid(start);
            let found = parts.iter().position(|p| {
                p.info
                    .content_id
                    .as_deref()
                    .is_some_and(|c| same_content_id(c, raw))
            });
            found.unwrap_or_else(|| {
                problems.push(Problem {
                    id: "D1",
                    message: format!(
                        "start {start:?} matches no Content-ID; the first part is the root"
                    ),
                });
                0
            })
        }
        None => 0,
    };
    if root_idx != 0 {
        problems.push(Problem {
            id: "D1",
            message: format!("root is part {root_idx}, not the first"),
        });
    }
    drop(ids);
    let mut parts = parts;
    let root_part = parts.remove(root_idx);
    let root_xml = match &root_part.data {
        BinaryData::Bytes(b) => b.clone(),
        BinaryData::File(_) => Binary::from_data(root_part.data.clone()).to_bytes()?,
    };
    if root_xml.len() as u64 > limits.max_root_size {
        return Err(Error::limit(
            Limit::RootSize,
            limits.max_root_size,
            root_xml.len() as u64,
        ));
    }
    if check_sizes {
        for p in &parts {
            let len = Binary::from_data(p.data.clone()).len();
            if len > limits.max_attachment_size {
                return Err(Error::limit(
                    Limit::AttachmentSize,
                    limits.max_attachment_size,
                    len,
                ));
            }
        }
    }
    let root_ct = root_part
        .info
        .content_type
        .as_deref()
        .and_then(|v| ContentType::parse(v).ok())
        .unwrap_or_default();
    let is_xop = root_ct.media_type == "application/xop+xml"
        || ct
            .param("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/xop+xml"));
    let kind = if is_xop {
        PackageKind::Mtom
    } else {
        PackageKind::Swa
    };
    let start_info = ct.param("start-info").or_else(|| ct.param("startinfo"));
    if is_xop && ct.param("start-info").is_none() && ct.param("startinfo").is_some() {
        problems.push(Problem {
            id: "C2",
            message: "startinfo spelled without hyphen".into(),
        });
    }
    let s = scan(
        &root_xml,
        limits,
        if is_xop { ScanMode::Xop } else { ScanMode::Swa },
    )?;
    // Version: from the envelope namespace; the media types only cross-check it.
    let media = if is_xop {
        root_ct.param("type").or(start_info)
    } else {
        Some(root_ct.media_type.as_str())
    };
    let version = s.version;
    version_problems(
        version,
        media.and_then(SoapVersion::from_media_type),
        &mut problems,
    );
    // D14: action from the top-level parameter, start-info, or the root's type.
    let action = ct
        .param("action")
        .map(str::to_string)
        .or_else(|| {
            start_info.and_then(|si| {
                ContentType::parse(si)
                    .ok()?
                    .param("action")
                    .map(str::to_string)
            })
        })
        .or_else(|| root_ct.param("action").map(str::to_string))
        .or_else(|| {
            root_ct.param("type").and_then(|t| {
                ContentType::parse(t)
                    .ok()?
                    .param("action")
                    .map(str::to_string)
            })
        });

    // D7: resolve references.
    let mut refs: Vec<Option<crate::xop::Reference>> = vec![None; parts.len()];
    let mut counts = vec![0usize; parts.len()];
    for r in s.references {
        let target = resolve(&parts, &r.href);
        let Some(i) = target else {
            if r.kind == RefKind::Include {
                let root_cid = root_part.info.content_id.as_deref();
                if root_cid.is_some() && root_cid == Some(normalize_cid(&r.href)) {
                    return Err(Error::InvalidInclude(
                        "xop:Include refers to the root part".into(),
                    ));
                }
                return Err(Error::UnresolvedHref(r.href));
            }
            problems.push(Problem {
                id: "D7",
                message: format!("href {:?} matches no part", r.href),
            });
            continue;
        };
        counts[i] += 1;
        if counts[i] > limits.max_references_per_part {
            return Err(Error::ReferencedTwice(r.href));
        }
        if refs[i].is_none() {
            refs[i] = Some(r);
        }
    }
    let mut attachments = Vec::with_capacity(parts.len());
    for (p, r) in parts.into_iter().zip(refs) {
        if p.info.content_id.is_none() {
            problems.push(Problem {
                id: "D7",
                message: format!(
                    "part {} has no Content-ID; its id is its index",
                    p.info.index
                ),
            });
        }
        if !p.info.transfer_encoding.is_identity() {
            problems.push(Problem {
                id: "D5",
                message: format!(
                    "part {} is {}-encoded",
                    p.info.index,
                    p.info.transfer_encoding.as_str()
                ),
            });
        }
        if r.is_none() {
            problems.push(Problem {
                id: "D12",
                message: format!("part {} is not referenced", p.info.index),
            });
        }
        let id = match &p.info.content_id {
            Some(c) => AttachmentId::ContentId(c.clone()),
            None => AttachmentId::Index(p.info.index),
        };
        let mut data = Binary::from_data(p.data);
        if let Some(t) = &p.info.content_type {
            data = data.with_content_type(t.clone());
        }
        if let Some(c) = &p.info.content_id {
            data = data.with_content_id(c.clone());
        }
        let (referenced_by, reference_kind, content_type_attr) = match r {
            Some(r) => (Some(r.path), Some(r.kind), r.content_type_attr),
            None => (None, None, None),
        };
        attachments.push(Attachment {
            id,
            part: p.info,
            data,
            referenced_by,
            reference_kind,
            content_type_attr,
        });
    }
    Ok(Message {
        root_document_id: new_root_document_id(),
        kind,
        version,
        action,
        root: root_part.info,
        root_xml,
        attachments,
        problems,
    })
}

/// D7: strip `cid:`, percent-decode as UTF-8 and compare; else the raw value.
fn resolve(parts: &[DecodedPart], href: &str) -> Option<usize> {
    let raw = normalize_cid(href);
    let find = |want: &str| {
        parts
            .iter()
            .position(|p| p.info.content_id.as_deref() == Some(want))
    };
    if let Some(dec) = percent_decode(raw) {
        if let Some(i) = find(&dec) {
            return Some(i);
        }
    }
    find(raw).or_else(|| find(href.trim()))
}

/// Notes a root that is not a SOAP envelope, or whose namespace disagrees with
/// the media type (E1, E2).
fn version_problems(
    ns: Option<SoapVersion>,
    media: Option<SoapVersion>,
    problems: &mut Vec<Problem>,
) {
    match (ns, media) {
        (None, _) => problems.push(Problem {
            id: "E1",
            message: "the root is not a SOAP 1.1 or 1.2 envelope".into(),
        }),
        (Some(n), Some(m)) if n != m => problems.push(Problem {
            id: if n == SoapVersion::V12 { "E2" } else { "E1" },
            message: format!(
                "envelope namespace is SOAP {} but the media type says {} (SOAP {})",
                n.as_str(),
                m.media_type(),
                m.as_str()
            ),
        }),
        _ => {}
    }
}
