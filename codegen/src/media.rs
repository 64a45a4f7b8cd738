//! Media ranges as written in `xmime:expectedContentTypes` (A3): a
//! comma-separated list of `type/subtype` with `*` wildcards, parameters and
//! an optional `q=` weight.

use crate::diag::Span;
use std::fmt;

/// One media range, e.g. `image/*` or `text/xml; charset=utf-8; q=0.5`.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaRange {
    /// Top-level type, lower-cased (`*` for any).
    pub type_: String,
    /// Subtype, lower-cased (`*` for any).
    pub subtype: String,
    /// Parameters other than `q`, names lower-cased, values unquoted.
    pub params: Vec<(String, String)>,
    /// The `q=` weight, when given.
    pub q: Option<f32>,
}

impl MediaRange {
    /// True for a concrete type (no wildcard): usable as a part's Content-Type.
    pub fn is_concrete(&self) -> bool {
        self.type_ != "*" && self.subtype != "*"
    }
}

impl fmt::Display for MediaRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.type_, self.subtype)?;
        for (k, v) in &self.params {
            if v.chars().all(is_token_char) && !v.is_empty() {
                write!(f, "; {k}={v}")?;
            } else {
                write!(
                    f,
                    "; {k}=\"{}\"",
                    v.replace('\\', "\\\\").replace('"', "\\\"")
                )?;
            }
        }
        if let Some(q) = self.q {
            write!(f, "; q={q}")?;
        }
        Ok(())
    }
}

/// An `expectedContentTypes` annotation: the value as written and its ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaAnnotation {
    /// The attribute value as written.
    pub raw: String,
    /// The parsed ranges (empty when the value was illegal; a diagnostic said so).
    pub ranges: Vec<MediaRange>,
    /// Where the annotated declaration is.
    pub span: Span,
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Parses a comma-separated list of media ranges. The error says what is wrong.
pub fn parse_ranges(value: &str) -> Result<Vec<MediaRange>, String> {
    let mut out = Vec::new();
    let mut rest = value;
    loop {
        let (range, after) = parse_one(rest)?;
        out.push(range);
        let after = after.trim_start();
        match after.strip_prefix(',') {
            Some(r) => rest = r,
            None if after.is_empty() => return Ok(out),
            None => return Err(format!("unexpected `{after}` after a media range")),
        }
    }
}

fn take_token(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !is_token_char(c)).unwrap_or(s.len());
    s.split_at(end)
}

fn parse_one(s: &str) -> Result<(MediaRange, &str), String> {
    let s = s.trim_start();
    let (type_, rest) = take_token(s);
    if type_.is_empty() {
        return Err(if s.is_empty() {
            "empty media range".to_string()
        } else {
            format!("`{s}` does not start with a media type")
        });
    }
    let rest = rest
        .strip_prefix('/')
        .ok_or_else(|| format!("`{type_}` has no `/subtype`"))?;
    let (subtype, mut rest) = take_token(rest);
    if subtype.is_empty() {
        return Err(format!("`{type_}/` has no subtype"));
    }
    if type_ == "*" && subtype != "*" {
        return Err(format!(
            "`*/{subtype}` is not a media range (only `*/*` may have a wildcard type)"
        ));
    }
    let mut range = MediaRange {
        type_: type_.to_ascii_lowercase(),
        subtype: subtype.to_ascii_lowercase(),
        params: Vec::new(),
        q: None,
    };
    loop {
        let trimmed = rest.trim_start();
        let Some(after) = trimmed.strip_prefix(';') else {
            return Ok((range, trimmed));
        };
        let after = after.trim_start();
        let (name, after) = take_token(after);
        if name.is_empty() {
            return Err("a `;` is not followed by a parameter name".to_string());
        }
        let after = after
            .trim_start()
            .strip_prefix('=')
            .ok_or_else(|| format!("parameter `{name}` has no `=value`"))?
            .trim_start();
        let (value, after) = if let Some(quoted) = after.strip_prefix('"') {
            let mut v = String::new();
            let mut chars = quoted.char_indices();
            let mut end = None;
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, n)) = chars.next() {
                            v.push(n);
                        }
                    }
                    '"' => {
                        end = Some(i + 1);
                        break;
                    }
                    c => v.push(c),
                }
            }
            let end =
                end.ok_or_else(|| format!("parameter `{name}` has an unterminated quoted value"))?;
            (v, &quoted[end..])
        } else {
            let (v, a) = take_token(after);
            if v.is_empty() {
                return Err(format!("parameter `{name}` has an empty value"));
            }
            (v.to_string(), a)
        };
        let name = name.to_ascii_lowercase();
        if name == "q" {
            let q: f32 = value
                .parse()
                .ok()
                .filter(|q: &f32| (0.0..=1.0).contains(q))
                .ok_or_else(|| format!("q={value} is not a weight between 0 and 1"))?;
            range.q = Some(q);
        } else {
            range.params.push((name, value));
        }
        rest = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a3_parses_ranges_wildcards_params_and_q() -> Result<(), Box<dyn std::error::Error>> {
        let r = parse_ranges("image/*, text/XML; charset=\"utf-8\";q=0.5 ,*/*")?;
        assert_eq!(r.len(), 3);
        assert_eq!((r[0].type_.as_str(), r[0].subtype.as_str()), ("image", "*"));
        assert!(!r[0].is_concrete());
        assert_eq!(r[1].subtype, "xml");
        assert_eq!(
            r[1].params,
            vec![("charset".to_string(), "utf-8".to_string())]
        );
        assert_eq!(r[1].q, Some(0.5));
        assert_eq!(r[1].to_string(), "text/xml; charset=utf-8; q=0.5");
        assert_eq!(r[2].to_string(), "*/*");
        assert!(parse_ranges("application/octet-stream")?[0].is_concrete());
        Ok(())
    }

    #[test]
    fn a3_illegal_values_are_errors() {
        for bad in [
            "",
            "image/",
            "image",
            "*/png",
            "image/png;",
            "image/png; q=2",
            "a/b c",
            "a/b,",
            "a/b; x=\"open",
        ] {
            assert!(parse_ranges(bad).is_err(), "{bad:?} should be illegal");
        }
    }
}
