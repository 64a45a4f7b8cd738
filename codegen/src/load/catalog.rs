//! OASIS XML catalogs: map absolute locations (`system`, `rewriteSystem`) and
//! namespaces (`uri`, `rewriteURI`) to local files, so that nothing is fetched.

use std::path::{Path, PathBuf};

const CATALOG_NS: &str = "urn:oasis:names:tc:entity:xmlns:xml:catalog";

/// One parsed catalog (with the catalogs it chains to through `nextCatalog`).
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    system: Vec<(String, PathBuf)>,
    uri: Vec<(String, PathBuf)>,
    rewrite_system: Vec<(String, PathBuf)>,
    rewrite_uri: Vec<(String, PathBuf)>,
}

/// Why a catalog could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The file could not be read.
    #[error("cannot read catalog {path}: {source}")]
    Io {
        /// The catalog path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a well-formed catalog.
    #[error("catalog {path} is not well-formed XML: {message}")]
    Xml {
        /// The catalog path.
        path: PathBuf,
        /// What the XML parser said.
        message: String,
    },
    /// Well-formed XML, but not an OASIS catalog (a wrong file passed as
    /// the catalog would otherwise map nothing, silently).
    #[error("{} is not an OASIS XML catalog: its root element is {root}", path.display())]
    NotACatalog {
        /// The file.
        path: PathBuf,
        /// Its root element, `{namespace}local`.
        root: String,
    },
}

impl Catalog {
    /// Reads a catalog file; entries' `uri` attributes are relative to it
    /// (or to an `xml:base`).
    pub fn load(path: &Path) -> Result<Catalog, CatalogError> {
        Catalog::load_tracking(path, &mut Vec::new())
    }

    /// [`load`](Catalog::load), also appending to `read` every catalog file
    /// it read or tried to read (`path`, then those chained through
    /// `nextCatalog`), even when one of them fails: a build that failed on a
    /// missing chained catalog must rerun when the file appears.
    pub fn load_tracking(path: &Path, read: &mut Vec<PathBuf>) -> Result<Catalog, CatalogError> {
        let mut catalog = Catalog::default();
        catalog.load_into(path, 0, read)?;
        Ok(catalog)
    }

    /// Reads `path` into this catalog, recording it in `read` first (so a
    /// failed read is recorded too).
    fn load_into(
        &mut self,
        path: &Path,
        depth: usize,
        read: &mut Vec<PathBuf>,
    ) -> Result<(), CatalogError> {
        read.push(path.to_path_buf());
        let text = std::fs::read_to_string(path).map_err(|source| CatalogError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let opts = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(&text, opts).map_err(|e| {
            CatalogError::Xml {
                path: path.to_path_buf(),
                message: e.to_string(),
            }
        })?;
        let root = doc.root_element().tag_name();
        if root.namespace() != Some(CATALOG_NS) || root.name() != "catalog" {
            return Err(CatalogError::NotACatalog {
                path: path.to_path_buf(),
                root: format!("{{{}}}{}", root.namespace().unwrap_or(""), root.name()),
            });
        }
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        let mut next = Vec::new();
        for node in doc.descendants().filter(|n| n.is_element()) {
            if node.tag_name().namespace() != Some(CATALOG_NS) {
                continue;
            }
            // xml:base on the entry or an ancestor changes the directory.
            let base = node
                .ancestors()
                .find_map(|a| a.attribute((crate::names::ns::XML, "base")))
                .map(|b| dir.join(b))
                .unwrap_or_else(|| dir.clone());
            let target = |attr: &str| node.attribute(attr).map(|u| base.join(u));
            match node.tag_name().name() {
                "system" => {
                    if let (Some(id), Some(to)) = (node.attribute("systemId"), target("uri")) {
                        self.system.push((id.to_string(), to));
                    }
                }
                "uri" => {
                    if let (Some(name), Some(to)) = (node.attribute("name"), target("uri")) {
                        self.uri.push((name.to_string(), to));
                    }
                }
                "rewriteSystem" => {
                    if let (Some(p), Some(to)) = (
                        node.attribute("systemIdStartString"),
                        target("rewritePrefix"),
                    ) {
                        self.rewrite_system.push((p.to_string(), to));
                    }
                }
                "rewriteURI" => {
                    if let (Some(p), Some(to)) =
                        (node.attribute("uriStartString"), target("rewritePrefix"))
                    {
                        self.rewrite_uri.push((p.to_string(), to));
                    }
                }
                "nextCatalog" => {
                    if let Some(c) = target("catalog") {
                        next.push(c);
                    }
                }
                _ => {}
            }
        }
        if depth < 8 {
            for c in next {
                self.load_into(&c, depth + 1, read)?;
            }
        }
        Ok(())
    }

    /// The local file for an absolute location (`system`, then the longest
    /// matching `rewriteSystem`).
    pub fn resolve_system(&self, location: &str) -> Option<PathBuf> {
        lookup(&self.system, &self.rewrite_system, location)
    }

    /// The local file for a namespace URI (`uri`, then `rewriteURI`).
    pub fn resolve_uri(&self, name: &str) -> Option<PathBuf> {
        lookup(&self.uri, &self.rewrite_uri, name)
    }

    /// Merges another catalog's entries after this one's.
    pub fn merge(&mut self, other: Catalog) {
        self.system.extend(other.system);
        self.uri.extend(other.uri);
        self.rewrite_system.extend(other.rewrite_system);
        self.rewrite_uri.extend(other.rewrite_uri);
    }
}

fn lookup(
    exact: &[(String, PathBuf)],
    rewrite: &[(String, PathBuf)],
    key: &str,
) -> Option<PathBuf> {
    if let Some((_, p)) = exact.iter().find(|(k, _)| k == key) {
        return Some(p.clone());
    }
    rewrite
        .iter()
        .filter(|(prefix, _)| key.starts_with(prefix.as_str()))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(prefix, to)| to.join(&key[prefix.len()..]))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Writes, in a fresh `dir`, `catalog.xml` chaining through
    /// `nextCatalog` to `more/second.xml`; returns both paths.
    pub(crate) fn write_chained(dir: &Path) -> std::io::Result<(PathBuf, PathBuf)> {
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir.join("more"))?;
        let first = dir.join("catalog.xml");
        let second = dir.join("more").join("second.xml");
        std::fs::write(
            &first,
            r#"<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
                 <system systemId="http://x.example/a.xsd" uri="local/a.xsd"/>
                 <nextCatalog catalog="more/second.xml"/>
               </catalog>"#,
        )?;
        std::fs::write(
            &second,
            r#"<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
                 <uri name="urn:chained" uri="chained.xsd"/>
               </catalog>"#,
        )?;
        Ok((first, second))
    }

    #[test]
    fn chained_catalogs_are_read_and_recorded() -> Result<(), Box<dyn std::error::Error>> {
        let dir =
            std::env::temp_dir().join(format!("soapstone-catalog-chained-{}", std::process::id()));
        let (first, second) = write_chained(&dir)?;
        let mut read = Vec::new();
        let c = Catalog::load_tracking(&first, &mut read)?;
        assert_eq!(
            c.resolve_uri("urn:chained"),
            Some(dir.join("more/chained.xsd"))
        );
        assert_eq!(read, [first.clone(), second.clone()]);

        // A missing chained catalog is an error, and still recorded (a build
        // reruns when it appears).
        std::fs::remove_file(&second)?;
        let mut read = Vec::new();
        assert!(matches!(
            Catalog::load_tracking(&first, &mut read),
            Err(CatalogError::Io { .. })
        ));
        assert_eq!(read, [first, second]);
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    #[test]
    fn system_uri_and_rewrite_entries() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempdir()?;
        let path = dir.join("catalog.xml");
        std::fs::write(
            &path,
            r#"<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">
                 <system systemId="http://x.example/a.xsd" uri="local/a.xsd"/>
                 <uri name="urn:ns" uri="ns.xsd"/>
                 <rewriteSystem systemIdStartString="http://x.example/deep/" rewritePrefix="mirror/"/>
               </catalog>"#,
        )?;
        let c = Catalog::load(&path)?;
        assert_eq!(
            c.resolve_system("http://x.example/a.xsd"),
            Some(dir.join("local/a.xsd"))
        );
        assert_eq!(c.resolve_uri("urn:ns"), Some(dir.join("ns.xsd")));
        assert_eq!(
            c.resolve_system("http://x.example/deep/b/c.xsd"),
            Some(dir.join("mirror/").join("b/c.xsd"))
        );
        assert_eq!(c.resolve_system("http://other/"), None);
        Ok(())
    }

    #[test]
    fn malformed_catalog_is_an_error_not_a_panic() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempdir()?;
        let path = dir.join("bad.xml");
        std::fs::write(&path, "<catalog")?;
        assert!(matches!(
            Catalog::load(&path),
            Err(CatalogError::Xml { .. })
        ));
        assert!(matches!(
            Catalog::load(&dir.join("missing.xml")),
            Err(CatalogError::Io { .. })
        ));
        let other = dir.join("other.xml");
        std::fs::write(&other, "<config><entry/></config>")?;
        assert!(matches!(
            Catalog::load(&other),
            Err(CatalogError::NotACatalog { .. })
        ));
        Ok(())
    }

    fn tempdir() -> std::io::Result<PathBuf> {
        let d = std::env::temp_dir().join(format!(
            "soapstone-catalog-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&d)?;
        Ok(d)
    }
}
