//! `check`: run the whole generator and keep only its verdict, the
//! diagnostics (what `soapstone check` prints and CI gates on).

use crate::inspect::DiagnosticReport;
use crate::Settings;
use serde::Serialize;
use std::fmt::Write as _;

/// What checking a WSDL found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Every document loaded, in load order.
    pub documents: Vec<String>,
    /// How many diagnostics are errors.
    pub errors: usize,
    /// How many are warnings.
    pub warnings: usize,
    /// Every diagnostic, sorted by position.
    pub diagnostics: Vec<DiagnosticReport>,
    /// Each diagnostic rendered with its source line (not in JSON).
    #[serde(skip)]
    pub rendered: Vec<String>,
}

/// Runs `load → … → format` as [`generate`](crate::generate) does, and
/// reports the diagnostics: the bindings would generate exactly when this
/// reports no error.
pub fn check(settings: &Settings) -> CheckReport {
    let (diagnostics, sources) = match crate::generate(settings) {
        Ok(g) => (g.diagnostics, g.sources),
        Err(e) => (e.diagnostics, e.sources),
    };
    let errors = diagnostics.errors().count();
    CheckReport {
        documents: sources
            .iter()
            .map(|(id, _)| sources.display_name(id))
            .collect(),
        errors,
        warnings: diagnostics.len() - errors,
        diagnostics: diagnostics
            .iter()
            .map(|d| crate::inspect::diagnostic(&sources, d))
            .collect(),
        rendered: diagnostics.iter().map(|d| d.render(&sources)).collect(),
    }
}

impl CheckReport {
    /// True when generation would fail.
    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    /// Every diagnostic rendered, then a summary line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for r in &self.rendered {
            let _ = writeln!(out, "{r}\n");
        }
        let _ = writeln!(
            out,
            "{} document(s) checked: {} error(s), {} warning(s)",
            self.documents.len(),
            self.errors,
            self.warnings
        );
        out
    }

    /// The report as pretty JSON: `documents`, `errors`, `warnings`,
    /// `diagnostics` (the shape `soapstone inspect --format json` uses).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(rel: &str) -> Settings {
        Settings::new(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../wsdl-samples")
                .join(rel),
        )
    }

    #[test]
    fn a_good_sample_has_no_errors() {
        let r = check(&sample("star-process-message/ProcessMessage.wsdl"));
        assert!(!r.has_errors(), "{}", r.to_text());
        assert!(r
            .documents
            .iter()
            .any(|d| d.ends_with("star-attachment.xsd")));
    }

    #[test]
    fn a_broken_sample_reports_its_position() -> Result<(), Box<dyn std::error::Error>> {
        let r = check(&sample("broken/encoded.wsdl"));
        assert!(r.has_errors());
        let d = &r.diagnostics[0];
        assert_eq!(
            (d.code.as_str(), d.line, d.column),
            ("W002", Some(29), Some(9))
        );
        let json: serde_json::Value = serde_json::from_str(&r.to_json())?;
        assert_eq!(json["errors"], 1);
        assert_eq!(json["diagnostics"][0]["code"], "W002");
        assert!(r.to_text().contains("1 error(s)"), "{}", r.to_text());
        Ok(())
    }
}
