//! `soapstone mime ...`: inspect captured MIME/XOP/SwA messages. A thin front end
//! over `soapstone::inspect`.

use anyhow::Context as _;
use serde_json::json;
use soapstone::inspect::{inspect, Report};
use soapstone::{Limits, Message};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `soapstone mime` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum MimeCommand {
    /// Decode a captured message (a raw body with --content-type, or a whole HTTP
    /// request/response) and show its kind, SOAP version, root, parts and
    /// problems with their checklist ids.
    Inspect(InspectArgs),
}

/// Arguments of `soapstone mime inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// The captured message: a raw body, or a whole HTTP message.
    pub file: PathBuf,
    /// The body's Content-Type (when FILE is a raw body; overrides an HTTP header).
    #[arg(long, value_name = "VALUE")]
    pub content_type: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write every decoded part to this directory.
    #[arg(long, value_name = "DIR")]
    pub extract: Option<PathBuf>,
}

/// Output format of `mime inspect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// JSON (one object).
    Json,
}

/// Runs a `soapstone mime` subcommand.
pub fn run(cmd: MimeCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        MimeCommand::Inspect(args) => run_inspect(&args),
    }
}

fn run_inspect(args: &InspectArgs) -> anyhow::Result<ExitCode> {
    let raw =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let (report, msg) = match inspect(raw.into(), args.content_type.as_deref(), &Limits::default())
    {
        Ok(x) => x,
        Err(e) => {
            let id = e.checklist_id();
            if args.format == Format::Json {
                let json = serde_json::to_string_pretty(&json!({
                    "error": e.to_string(),
                    "problems": [{"id": id, "message": e.to_string()}],
                }))?;
                crate::print_stdout(&(json + "\n"))?;
            }
            let tag = id.map(|i| format!(" [{i}]")).unwrap_or_default();
            eprintln!("error: cannot decode {}: {e}{tag}", args.file.display());
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut out = String::new();
    match args.format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&to_json(&report))?)?,
        Format::Text => write_text(&mut out, &report)?,
    }
    // The report first: parts that cannot be written still leave it shown.
    crate::print_stdout(&out)?;
    if let Some(dir) = &args.extract {
        extract(dir, &msg)?;
        if args.format == Format::Text {
            crate::print_stdout(&format!(
                "extracted {} part(s) to {}\n",
                report.parts.len(),
                dir.display()
            ))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn to_json(r: &Report) -> serde_json::Value {
    json!({
        "kind": r.kind.as_str(),
        "soap_version": r.soap_version.map(|v| v.as_str()),
        "root": r.root,
        "action": r.action,
        "content_type": r.content_type,
        "fault": r.fault,
        "parts": r.parts.iter().map(|p| json!({
            "index": p.index,
            "content_id": p.content_id,
            "content_type": p.content_type,
            "transfer_encoding": p.transfer_encoding,
            "size": p.size,
            "sha256": p.sha256,
            "root": p.root,
            "referenced_by": p.referenced_by,
            "xmime_content_type": p.xmime_content_type,
        })).collect::<Vec<_>>(),
        "problems": r.problems.iter().map(|p| json!({"id": p.id, "message": p.message})).collect::<Vec<_>>(),
    })
}

fn write_text(out: &mut String, r: &Report) -> std::fmt::Result {
    writeln!(out, "kind:         {}", r.kind.as_str())?;
    writeln!(
        out,
        "soap version: {}",
        r.soap_version.map_or("none", |v| v.as_str())
    )?;
    if let Some(a) = &r.action {
        writeln!(out, "action:       {a}")?;
    }
    writeln!(out, "root:         {}", r.root)?;
    if r.fault {
        writeln!(out, "fault:        yes")?;
    }
    writeln!(out, "parts:        {}", r.parts.len())?;
    for p in &r.parts {
        writeln!(
            out,
            "  #{} {}{}",
            p.index,
            p.content_id
                .as_deref()
                .map_or_else(|| "(no Content-ID)".to_string(), |c| format!("<{c}>")),
            if p.root { "  [root]" } else { "" }
        )?;
        writeln!(
            out,
            "     type:     {}",
            p.content_type.as_deref().unwrap_or("(none)")
        )?;
        writeln!(out, "     encoding: {}", p.transfer_encoding)?;
        writeln!(out, "     size:     {} bytes", p.size)?;
        writeln!(out, "     sha256:   {}", p.sha256)?;
        if !p.root {
            writeln!(
                out,
                "     referenced by: {}",
                p.referenced_by.as_deref().unwrap_or("(unreferenced)")
            )?;
        }
        if let Some(t) = &p.xmime_content_type {
            writeln!(out, "     xmime:contentType: {t}")?;
        }
    }
    if !r.problems.is_empty() {
        writeln!(out, "problems:")?;
        for p in &r.problems {
            writeln!(out, "  {}: {}", p.id, p.message)?;
        }
    }
    Ok(())
}

/// A file name from a part index and Content-ID, safe on any file system.
fn file_name(index: usize, cid: Option<&str>, root: bool) -> String {
    let id: String = cid
        .unwrap_or(if root { "root" } else { "part" })
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._@-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    format!("{index:02}-{id}{}", if root { ".xml" } else { ".bin" })
}

fn extract(dir: &Path, msg: &Message) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let root = dir.join(file_name(
        msg.root.index,
        msg.root.content_id.as_deref(),
        true,
    ));
    std::fs::write(&root, &msg.root_xml).with_context(|| format!("writing {}", root.display()))?;
    for a in &msg.attachments {
        let path = dir.join(file_name(a.part.index, a.part.content_id.as_deref(), false));
        let mut f =
            std::fs::File::create(&path).with_context(|| format!("writing {}", path.display()))?;
        let mut err = None;
        a.data.for_each_chunk(|c| {
            if err.is_none() {
                err = f.write_all(c).err();
            }
        })?;
        if let Some(e) = err {
            return Err(e).with_context(|| format!("writing {}", path.display()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use soapstone::mime::writer::MtomWriter;
    use soapstone::soap::{envelope::write_envelope, SoapVersion};
    use soapstone::Binary;

    fn scratch(name: &str) -> std::io::Result<PathBuf> {
        let d =
            std::env::temp_dir().join(format!("soapstone-mime-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d)?;
        Ok(d)
    }

    #[test]
    fn inspect_http_capture_reports_and_extracts() -> Result<(), Box<dyn std::error::Error>> {
        let dir = scratch("ok")?;
        let mut w = MtomWriter::new(SoapVersion::V12);
        let c = w.content(&Binary::from(vec![3u8; 100]).with_content_type("image/png"))?;
        let env = write_envelope(
            SoapVersion::V12,
            &[],
            &format!("<m:a xmlns:m=\"urn:m\"><m:b>{c}</m:b></m:a>"),
        );
        let pkg = w.finish(env)?;
        let mut http = format!(
            "POST /x HTTP/1.1\r\nContent-Type: {}\r\n\r\n",
            pkg.content_type()
        )
        .into_bytes();
        http.extend_from_slice(&pkg.to_bytes()?);
        let file = dir.join("capture.bin");
        std::fs::write(&file, &http)?;
        let (report, _) = inspect(http.into(), None, &Limits::default())?;
        let j = to_json(&report);
        assert_eq!(j["kind"], "mtom");
        assert_eq!(j["soap_version"], "1.2");
        assert_eq!(j["parts"][1]["referenced_by"], "/a/b");
        assert_eq!(j["parts"][1]["size"], 100);
        let out = dir.join("parts");
        let args = InspectArgs {
            file,
            content_type: None,
            format: Format::Json,
            extract: Some(out.clone()),
        };
        assert_eq!(run_inspect(&args)?, ExitCode::SUCCESS);
        let names: Vec<_> = std::fs::read_dir(&out)?
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 2);
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    #[test]
    fn undecodable_input_exits_1() -> Result<(), Box<dyn std::error::Error>> {
        let dir = scratch("bad")?;
        let file = dir.join("bad.bin");
        std::fs::write(&file, b"--b\r\nContent-ID: <x>\r\n\r\nno close")?;
        let args = InspectArgs {
            file,
            content_type: Some("multipart/related; boundary=b".into()),
            format: Format::Text,
            extract: None,
        };
        assert_eq!(run_inspect(&args)?, ExitCode::FAILURE);
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }
}
