//! The `soapstone inspect` report: services, operations, binary fields and
//! diagnostics of a WSDL or XSD, as text for people or JSON for tools.

use crate::analysis::BinaryField;
use crate::diag::Severity;
use crate::model::{Model, MtomPolicy, OperationMessage, PartContent, SoapVersion, Style};
use crate::settings::Settings;
use crate::source::SourceMap;
use serde::Serialize;
use std::fmt::Write as _;

/// Everything `inspect` found.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Documents loaded (paths, or `<builtin NS>`), roots first.
    pub documents: Vec<String>,
    /// Services and ports.
    pub services: Vec<ServiceReport>,
    /// Bound operations (and operations of unbound port types).
    pub operations: Vec<OperationReport>,
    /// Every binary field reachable from an operation.
    pub binaries: Vec<BinaryField>,
    /// Counts of schema components.
    pub schema: SchemaCounts,
    /// Every problem found.
    pub diagnostics: Vec<DiagnosticReport>,
    /// Each diagnostic rendered with its source line (not in JSON).
    #[serde(skip)]
    pub rendered_diagnostics: Vec<String>,
}

/// A service.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceReport {
    /// Service name (local part).
    pub name: String,
    /// Its ports.
    pub ports: Vec<PortReport>,
}

/// A port.
#[derive(Debug, Clone, Serialize)]
pub struct PortReport {
    /// Port name.
    pub name: String,
    /// Binding name (local part).
    pub binding: Option<String>,
    /// SOAP version of the binding.
    pub soap_version: Option<SoapVersion>,
    /// Endpoint address.
    pub address: Option<String>,
    /// MTOM policy of the port and binding.
    pub mtom: MtomPolicy,
}

/// An operation as bound.
#[derive(Debug, Clone, Serialize)]
pub struct OperationReport {
    /// Binding name, `None` for an unbound port type.
    pub binding: Option<String>,
    /// Operation name.
    pub name: String,
    /// document or rpc.
    pub style: Style,
    /// SOAP version of the binding.
    pub soap_version: Option<SoapVersion>,
    /// `soapAction`.
    pub soap_action: Option<String>,
    /// Input message (Clark name) with its parts.
    pub input: Option<MessageReport>,
    /// Output message with its parts.
    pub output: Option<MessageReport>,
    /// Fault messages.
    pub faults: Vec<MessageReport>,
    /// SOAP header parts, each `in message/part` (request) or
    /// `out message/part` (response).
    pub headers: Vec<String>,
    /// True when the input or output is a `mime:multipartRelated` (SwA).
    pub mime: bool,
}

/// A message and its parts.
#[derive(Debug, Clone, Serialize)]
pub struct MessageReport {
    /// Message name (Clark notation).
    pub message: String,
    /// `name` (fault name), when given.
    pub name: Option<String>,
    /// Parts: `name: {ns}element` or `name: type {ns}type`.
    pub parts: Vec<String>,
}

/// How many schema components were read.
#[derive(Debug, Clone, Serialize)]
pub struct SchemaCounts {
    /// Target namespaces of the schemas.
    pub namespaces: Vec<String>,
    /// Global elements.
    pub global_elements: usize,
    /// Named types.
    pub named_types: usize,
    /// All elements (global and local).
    pub elements: usize,
    /// All types (named and anonymous).
    pub types: usize,
}

/// A diagnostic, flattened for JSON.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosticReport {
    /// `error` or `warning`.
    pub severity: Severity,
    /// Stable code.
    pub code: String,
    /// File path (or `<builtin NS>`).
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl Report {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The report as text for people.
    pub fn to_text(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "documents ({}):", self.documents.len());
        for d in &self.documents {
            let _ = writeln!(o, "  {d}");
        }
        if !self.services.is_empty() {
            let _ = writeln!(o, "\nservices:");
            for s in &self.services {
                let _ = writeln!(o, "  {}", s.name);
                for p in &s.ports {
                    let _ = writeln!(
                        o,
                        "    port {}: binding {}, SOAP {}, mtom {}, address {}",
                        p.name,
                        p.binding.as_deref().unwrap_or("?"),
                        p.soap_version.map(SoapVersion::as_str).unwrap_or("-"),
                        mtom_str(p.mtom),
                        p.address.as_deref().unwrap_or("-")
                    );
                }
            }
        }
        if !self.operations.is_empty() {
            let _ = writeln!(o, "\noperations:");
            for op in &self.operations {
                let _ = writeln!(
                    o,
                    "  {}{} ({}, SOAP {}{}{})",
                    op.binding
                        .as_deref()
                        .map(|b| format!("{b}."))
                        .unwrap_or_default(),
                    op.name,
                    match op.style {
                        Style::Document => "document",
                        Style::Rpc => "rpc",
                    },
                    op.soap_version.map(SoapVersion::as_str).unwrap_or("-"),
                    op.soap_action
                        .as_deref()
                        .filter(|a| !a.is_empty())
                        .map(|a| format!(", action {a}"))
                        .unwrap_or_default(),
                    if op.mime { ", SwA multipart" } else { "" }
                );
                for (label, m) in [("in ", &op.input), ("out", &op.output)] {
                    if let Some(m) = m {
                        let _ = writeln!(o, "    {label} {} [{}]", m.message, m.parts.join("; "));
                    }
                }
                for f in &op.faults {
                    let _ = writeln!(
                        o,
                        "    fault {} {} [{}]",
                        f.name.as_deref().unwrap_or(""),
                        f.message,
                        f.parts.join("; ")
                    );
                }
                for h in &op.headers {
                    let _ = writeln!(o, "    header {h}");
                }
            }
        }
        let _ = writeln!(o, "\nbinaries ({}):", self.binaries.len());
        for b in &self.binaries {
            let place = match (&b.binding, &b.operation) {
                (Some(bi), Some(op)) => format!("{bi}.{op}"),
                (None, Some(op)) => op.clone(),
                _ => "(schema)".to_string(),
            };
            let dir = b
                .direction
                .map(|d| format!("{d:?}").to_lowercase())
                .unwrap_or_else(|| "-".into());
            let path = b
                .body_path
                .clone()
                .or_else(|| b.mime_part.as_ref().map(|p| format!("mime part `{p}`")))
                .unwrap_or_default();
            let kind = match b.kind {
                crate::analysis::BinaryKind::Xop => "xop",
                crate::analysis::BinaryKind::SwaRef => "swaref",
                crate::analysis::BinaryKind::MimePart => "mime-part",
                crate::analysis::BinaryKind::Hex => "hex",
            };
            let _ = write!(o, "  {place} {dir} {path} : {} [{kind}]", b.xsd_type);
            if !b.expected_content_types.is_empty() {
                let _ = write!(o, " expects {}", b.expected_content_types.join(", "));
            }
            if b.content_type_attribute {
                let _ = write!(o, " +xmime:contentType");
            }
            let _ = writeln!(o);
        }
        let _ = writeln!(
            o,
            "\nschema: {} namespaces, {} global elements, {} named types ({} elements, {} types in all)",
            self.schema.namespaces.len(),
            self.schema.global_elements,
            self.schema.named_types,
            self.schema.elements,
            self.schema.types
        );
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = self.diagnostics.len() - errors;
        let _ = writeln!(o, "\ndiagnostics: {errors} error(s), {warnings} warning(s)");
        for r in &self.rendered_diagnostics {
            let _ = writeln!(o, "{r}\n");
        }
        o
    }
}

fn mtom_str(p: MtomPolicy) -> &'static str {
    match p {
        MtomPolicy::None => "none",
        MtomPolicy::Optional => "optional",
        MtomPolicy::Required => "required",
    }
}

/// Runs `load → parse → model → analyze` and builds the report.
pub fn inspect(settings: &Settings) -> Report {
    let a = crate::analyze(settings);
    let files = &a.sources.files;
    Report {
        documents: files.iter().map(|(id, _)| files.display_name(id)).collect(),
        services: services(&a.model),
        operations: operations(&a.model),
        binaries: a.binaries.clone(),
        schema: SchemaCounts {
            namespaces: a.model.schema_namespaces.clone(),
            global_elements: a.model.global_elements.len(),
            named_types: a.model.global_types.len(),
            elements: a.model.elements.len(),
            types: a.model.types.len(),
        },
        diagnostics: a.diagnostics.iter().map(|d| diagnostic(files, d)).collect(),
        rendered_diagnostics: a.diagnostics.iter().map(|d| d.render(files)).collect(),
    }
}

pub(crate) fn diagnostic(files: &SourceMap, d: &crate::diag::Diagnostic) -> DiagnosticReport {
    DiagnosticReport {
        severity: d.severity,
        code: d.code.as_str().to_string(),
        file: d.span.map(|s| files.display_name(s.file)),
        line: d.span.map(|s| s.line),
        column: d.span.map(|s| s.column),
        message: d.message.clone(),
        hint: d.hint.clone(),
    }
}

fn services(model: &Model) -> Vec<ServiceReport> {
    model
        .services
        .iter()
        .map(|(_, s)| ServiceReport {
            name: s.name.local.clone(),
            ports: s
                .ports
                .iter()
                .map(|p| PortReport {
                    name: p.name.clone(),
                    binding: p.binding.map(|b| model.bindings[b].name.local.clone()),
                    soap_version: p.binding.and_then(|b| model.bindings[b].soap_version),
                    address: p.address.clone(),
                    mtom: p.mtom,
                })
                .collect(),
        })
        .collect()
}

fn message_report(model: &Model, m: &OperationMessage) -> Option<MessageReport> {
    let id = m.message?;
    let msg = &model.messages[id];
    Some(MessageReport {
        message: msg.name.to_string(),
        name: m.name.clone(),
        parts: msg
            .parts
            .iter()
            .map(|p| match &p.content {
                PartContent::Element(e) => format!("{}: {}", p.name, model.elements[*e].name),
                PartContent::Type(crate::model::TypeRef::Def(t)) => format!(
                    "{}: type {}",
                    p.name,
                    model.types[*t]
                        .name
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default()
                ),
                PartContent::Type(crate::model::TypeRef::Builtin(b)) => {
                    format!("{}: type xs:{b:?}", p.name)
                }
                PartContent::Type(crate::model::TypeRef::Unresolved(n)) => {
                    format!("{}: type {n} (unresolved)", p.name)
                }
                PartContent::Missing => format!("{}: ?", p.name),
            })
            .collect(),
    })
}

fn operations(model: &Model) -> Vec<OperationReport> {
    let mut out = Vec::new();
    let mut bound = std::collections::HashSet::new();
    for (_, b) in model.bindings.iter() {
        let Some(pt) = b.port_type else { continue };
        if b.soap_version.is_none() {
            continue;
        }
        bound.insert(pt);
        for bo in &b.operations {
            let op = bo.operation.map(|i| &model.port_types[pt].operations[i]);
            let mut headers = Vec::new();
            let directions = [("in", &bo.input), ("out", &bo.output)];
            for (direction, bm) in directions
                .iter()
                .filter_map(|(d, m)| Some((*d, m.as_ref()?)))
            {
                for h in &bm.headers {
                    let m = h
                        .message
                        .map(|m| model.messages[m].name.local.clone())
                        .unwrap_or_default();
                    headers.push(format!("{direction} {m}/{}", h.part));
                }
            }
            out.push(OperationReport {
                binding: Some(b.name.local.clone()),
                name: bo.name.clone(),
                style: bo.style,
                soap_version: b.soap_version,
                soap_action: bo.soap_action.clone(),
                input: op
                    .and_then(|o| o.input.as_ref())
                    .and_then(|m| message_report(model, m)),
                output: op
                    .and_then(|o| o.output.as_ref())
                    .and_then(|m| message_report(model, m)),
                faults: op
                    .map(|o| {
                        o.faults
                            .iter()
                            .filter_map(|f| message_report(model, f))
                            .collect()
                    })
                    .unwrap_or_default(),
                headers,
                mime: bo
                    .input
                    .iter()
                    .chain(bo.output.iter())
                    .any(|m| m.mime.is_some()),
            });
        }
    }
    for (id, pt) in model.port_types.iter() {
        if bound.contains(&id) {
            continue;
        }
        for op in &pt.operations {
            out.push(OperationReport {
                binding: None,
                name: op.name.clone(),
                style: Style::Document,
                soap_version: None,
                soap_action: None,
                input: op.input.as_ref().and_then(|m| message_report(model, m)),
                output: op.output.as_ref().and_then(|m| message_report(model, m)),
                faults: op
                    .faults
                    .iter()
                    .filter_map(|f| message_report(model, f))
                    .collect(),
                headers: Vec::new(),
                mime: false,
            });
        }
    }
    out
}
