//! Locations: a document's base is a file path or a logical URL (when it was
//! reached through a catalog), and relative references resolve against it.

use std::path::{Component, Path, PathBuf};

/// The base against which a document's relative references resolve.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Base {
    /// A file on disk.
    File(PathBuf),
    /// An absolute URL (the document was reached by it through a catalog).
    Url(String),
}

impl Base {
    /// The base as text, for reports.
    pub fn as_string(&self) -> String {
        match self {
            Base::File(p) => p.display().to_string(),
            Base::Url(u) => u.clone(),
        }
    }
}

/// Where a reference points before looking anything up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file path (relative references against a file base, `file:` URLs).
    File(PathBuf),
    /// An absolute URL that only a catalog or a built-in can satisfy.
    Url(String),
}

/// True when `s` starts with a URI scheme (`http:`, `urn:`, ...). A Windows
/// drive letter (`C:`) is not a scheme.
pub fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) if i > 1 => {
            let scheme = &s[..i];
            scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// Resolves `reference` against `base`.
pub fn resolve(base: &Base, reference: &str) -> Target {
    let reference = reference.trim();
    if let Some(path) = reference.strip_prefix("file://") {
        return Target::File(PathBuf::from(percent_decode(path)));
    }
    if let Some(path) = reference.strip_prefix("file:") {
        return Target::File(PathBuf::from(percent_decode(path)));
    }
    if has_scheme(reference) {
        return Target::Url(reference.to_string());
    }
    match base {
        Base::File(file) => {
            let dir = file.parent().unwrap_or(Path::new(""));
            Target::File(normalize(&dir.join(percent_decode(reference))))
        }
        Base::Url(url) => Target::Url(join_url(url, reference)),
    }
}

/// RFC 3986 reference resolution for the cases WSDLs use: absolute-path and
/// relative-path references, with `.` and `..` segments removed.
pub fn join_url(base: &str, reference: &str) -> String {
    let (scheme_auth, path) = split_authority(base);
    let reference = reference.split('#').next().unwrap_or("");
    let merged = if reference.starts_with('/') {
        reference.to_string()
    } else {
        let dir = match path.rfind('/') {
            Some(i) => &path[..=i],
            None => "/",
        };
        format!("{dir}{reference}")
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = merged.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let path = out.join("/");
    if path.starts_with('/') {
        format!("{scheme_auth}{path}")
    } else {
        format!("{scheme_auth}/{path}")
    }
}

fn split_authority(url: &str) -> (&str, &str) {
    if let Some(i) = url.find("://") {
        let rest = &url[i + 3..];
        match rest.find('/') {
            Some(j) => url.split_at(i + 3 + j),
            None => (url, "/"),
        }
    } else {
        match url.find(':') {
            Some(i) => url.split_at(i + 1),
            None => ("", url),
        }
    }
}

/// Removes `.` and `..` components without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_joins_like_rfc3986() {
        let base =
            "http://www.ws-i.org/SampleApplications/SupplyChainManagement/2002-08/Retailer.wsdl";
        assert_eq!(
            join_url(base, "Configuration.xsd"),
            "http://www.ws-i.org/SampleApplications/SupplyChainManagement/2002-08/Configuration.xsd"
        );
        assert_eq!(
            join_url(base, "../2002-10/Manufacturer.wsdl"),
            "http://www.ws-i.org/SampleApplications/SupplyChainManagement/2002-10/Manufacturer.wsdl"
        );
        assert_eq!(join_url(base, "/x.xsd"), "http://www.ws-i.org/x.xsd");
        assert_eq!(join_url("http://h", "a.xsd"), "http://h/a.xsd");
    }

    #[test]
    fn file_references_resolve_against_the_file() {
        let base = Base::File(PathBuf::from("a/b/svc.wsdl"));
        assert_eq!(
            resolve(&base, "../x/t.xsd"),
            Target::File(PathBuf::from("a/x/t.xsd"))
        );
        assert_eq!(
            resolve(&base, "t%20s.xsd"),
            Target::File(PathBuf::from("a/b/t s.xsd"))
        );
        assert_eq!(
            resolve(&base, "http://h/t.xsd"),
            Target::Url("http://h/t.xsd".into())
        );
        assert_eq!(
            resolve(&base, "file:///tmp/t.xsd"),
            Target::File(PathBuf::from("/tmp/t.xsd"))
        );
    }

    #[test]
    fn scheme_detection() {
        assert!(has_scheme("http://x"));
        assert!(has_scheme("urn:x:y"));
        assert!(!has_scheme("C:\\x.xsd"));
        assert!(!has_scheme("x.xsd"));
    }

    #[test]
    fn normalize_keeps_leading_parents() {
        assert_eq!(
            normalize(Path::new("../a/./b/../c")),
            PathBuf::from("../a/c")
        );
    }
}
