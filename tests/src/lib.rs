//! Shared helpers for soapstone's cross-crate tests.

use std::path::{Path, PathBuf};

pub mod docsvc;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// `../shared/corpus` beside the repository, if it is there. Prints why a
/// test skips when it is not.
pub fn corpus_dir(test: &str) -> Option<PathBuf> {
    let dir = repo_root().join("../shared/corpus");
    if dir.join("MANIFEST.tsv").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "SKIP {test}: {} not found (the shared corpus sits beside the repository in CI)",
            dir.display()
        );
        None
    }
}

/// A sample path as tests pass it: relative to the tests crate (the working
/// directory of `cargo test`), so output is the same on every machine.
pub fn sample(rel: &str) -> PathBuf {
    PathBuf::from("../wsdl-samples").join(rel)
}

/// Generated bindings of every wsdl-samples/ sample, committed under
/// `tests/generated/` (the snapshot) and compiled here under `deny(warnings)`.
/// `tests/tests/generated.rs` checks each still equals what the generator writes.
pub mod samples {
    /// Generated from the `content_type_attribute_photo` sample.
    #[deny(warnings)]
    pub mod content_type_attribute_photo {
        include!("../generated/content_type_attribute_photo.rs");
    }
    /// Generated from the `document_service_documentservice` sample.
    #[deny(warnings)]
    pub mod document_service_documentservice {
        include!("../generated/document_service_documentservice.rs");
    }
    /// Generated from the `features_chameleon_main` sample.
    #[deny(warnings)]
    pub mod features_chameleon_main {
        include!("../generated/features_chameleon_main.rs");
    }
    /// Generated from the `features_derivation` sample.
    #[deny(warnings)]
    pub mod features_derivation {
        include!("../generated/features_derivation.rs");
    }
    /// Generated from the `features_groups` sample.
    #[deny(warnings)]
    pub mod features_groups {
        include!("../generated/features_groups.rs");
    }
    /// Generated from the `features_recursive` sample.
    #[deny(warnings)]
    pub mod features_recursive {
        include!("../generated/features_recursive.rs");
    }
    /// Generated from the `features_redefine_main` sample.
    #[deny(warnings)]
    pub mod features_redefine_main {
        include!("../generated/features_redefine_main.rs");
    }
    /// Generated from the `image_service_imageservice` sample.
    #[deny(warnings)]
    pub mod image_service_imageservice {
        include!("../generated/image_service_imageservice.rs");
    }
    /// Generated from the `mtom_policy_policyservice` sample.
    #[deny(warnings)]
    pub mod mtom_policy_policyservice {
        include!("../generated/mtom_policy_policyservice.rs");
    }
    /// Generated from the `rpc_literal_rpcimage` sample.
    #[deny(warnings)]
    pub mod rpc_literal_rpcimage {
        include!("../generated/rpc_literal_rpcimage.rs");
    }
    /// Generated from the `star_process_message_processmessage` sample.
    #[deny(warnings)]
    pub mod star_process_message_processmessage {
        include!("../generated/star_process_message_processmessage.rs");
    }
    /// Generated from the `swa_swaservice` sample.
    #[deny(warnings)]
    pub mod swa_swaservice {
        include!("../generated/swa_swaservice.rs");
    }
    /// Generated from the `swaref_swarefservice` sample.
    #[deny(warnings)]
    pub mod swaref_swarefservice {
        include!("../generated/swaref_swarefservice.rs");
    }
}

/// Generated bindings of every XSD feature folder (`tests/features/*/expected.rs`).
pub mod features {
    /// Generated from `tests/features/all/schema.xsd`.
    #[deny(warnings)]
    pub mod all {
        include!("../features/all/expected.rs");
    }
    /// Generated from `tests/features/any/schema.xsd`.
    #[deny(warnings)]
    pub mod any {
        include!("../features/any/expected.rs");
    }
    /// Generated from `tests/features/attributes/schema.xsd`.
    #[deny(warnings)]
    pub mod attributes {
        include!("../features/attributes/expected.rs");
    }
    /// Generated from `tests/features/binary/schema.xsd`.
    #[deny(warnings)]
    pub mod binary {
        include!("../features/binary/expected.rs");
    }
    /// Generated from `tests/features/builtin-types/schema.xsd`.
    #[deny(warnings)]
    pub mod builtin_types {
        include!("../features/builtin-types/expected.rs");
    }
    /// Generated from `tests/features/choice/schema.xsd`.
    #[deny(warnings)]
    pub mod choice {
        include!("../features/choice/expected.rs");
    }
    /// Generated from `tests/features/default-fixed/schema.xsd`.
    #[deny(warnings)]
    pub mod default_fixed {
        include!("../features/default-fixed/expected.rs");
    }
    /// Generated from `tests/features/enumeration/schema.xsd`.
    #[deny(warnings)]
    pub mod enumeration {
        include!("../features/enumeration/expected.rs");
    }
    /// Generated from `tests/features/extension/schema.xsd`.
    #[deny(warnings)]
    pub mod extension {
        include!("../features/extension/expected.rs");
    }
    /// Generated from `tests/features/facets/schema.xsd`.
    #[deny(warnings)]
    pub mod facets {
        include!("../features/facets/expected.rs");
    }
    /// Generated from `tests/features/groups/schema.xsd`.
    #[deny(warnings)]
    pub mod groups {
        include!("../features/groups/expected.rs");
    }
    /// Generated from `tests/features/list/schema.xsd`.
    #[deny(warnings)]
    pub mod list {
        include!("../features/list/expected.rs");
    }
    /// Generated from `tests/features/mixed/schema.xsd`.
    #[deny(warnings)]
    pub mod mixed {
        include!("../features/mixed/expected.rs");
    }
    /// Generated from `tests/features/naming-collisions/schema.xsd`.
    #[deny(warnings)]
    pub mod naming_collisions {
        include!("../features/naming-collisions/expected.rs");
    }
    /// Generated from `tests/features/nested-anonymous-types/schema.xsd`.
    #[deny(warnings)]
    pub mod nested_anonymous_types {
        include!("../features/nested-anonymous-types/expected.rs");
    }
    /// Generated from `tests/features/nillable/schema.xsd`.
    #[deny(warnings)]
    pub mod nillable {
        include!("../features/nillable/expected.rs");
    }
    /// Generated from `tests/features/optional-and-repeated/schema.xsd`.
    #[deny(warnings)]
    pub mod optional_and_repeated {
        include!("../features/optional-and-repeated/expected.rs");
    }
    /// Generated from `tests/features/qnames/schema.xsd`.
    #[deny(warnings)]
    pub mod qnames {
        include!("../features/qnames/expected.rs");
    }
    /// Generated from `tests/features/qualified-attributes/schema.xsd`.
    #[deny(warnings)]
    pub mod qualified_attributes {
        include!("../features/qualified-attributes/expected.rs");
    }
    /// Generated from `tests/features/recursion/schema.xsd`.
    #[deny(warnings)]
    pub mod recursion {
        include!("../features/recursion/expected.rs");
    }
    /// Generated from `tests/features/reserved-names/schema.xsd`.
    #[deny(warnings)]
    pub mod reserved_names {
        include!("../features/reserved-names/expected.rs");
    }
    /// Generated from `tests/features/restriction/schema.xsd`.
    #[deny(warnings)]
    pub mod restriction {
        include!("../features/restriction/expected.rs");
    }
    /// Generated from `tests/features/sequence/schema.xsd`.
    #[deny(warnings)]
    pub mod sequence {
        include!("../features/sequence/expected.rs");
    }
    /// Generated from `tests/features/simple-content/schema.xsd`.
    #[deny(warnings)]
    pub mod simple_content {
        include!("../features/simple-content/expected.rs");
    }
    /// Generated from `tests/features/substitution-group/schema.xsd`.
    #[deny(warnings)]
    pub mod substitution_group {
        include!("../features/substitution-group/expected.rs");
    }
    /// Generated from `tests/features/union/schema.xsd`.
    #[deny(warnings)]
    pub mod union {
        include!("../features/union/expected.rs");
    }
    /// Generated from `tests/features/unqualified/schema.xsd`.
    #[deny(warnings)]
    pub mod unqualified {
        include!("../features/unqualified/expected.rs");
    }
}

/// Why a primary corpus document does not load cleanly.
#[derive(Debug, Clone, Copy)]
pub enum Why {
    /// A construct soapstone does not support, reported as such.
    Unsupported(&'static str),
    /// The file itself is broken; the diagnostic names the defect.
    InputDefect(&'static str),
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::Unsupported(w) => write!(f, "unsupported: {w}"),
            Why::InputDefect(w) => write!(f, "input defect: {w}"),
        }
    }
}

/// Primary corpus documents that do not load: (path, diagnostic code that
/// must be among the errors, why). Shared by the corpus load and compile tests.
pub const CORPUS_EXCEPTIONS: &[(&str, &str, Why)] = &[
    ("apache-axis1/integration/src/test/wsdl/attachments/mime.wsdl", "W002", Why::Unsupported("rpc/encoded (SOAP section 5 encoding)")),
    ("apache-axis1/test/wsdl/interop4/groupG/mime/rpc/mime-rpc.wsdl", "W002", Why::Unsupported("rpc/encoded (SOAP section 5 encoding)")),
    ("wsdltophp-packagegenerator/tests/resources/OmnitureAdminServices.wsdl", "W002", Why::Unsupported("rpc/encoded (SOAP section 5 encoding)")),
    (
        "apache-axis1/distribution/src/main/files/samples/ws-i/scm/source/wsdl/ManufacturerImpl.wsdl",
        "L004",
        Why::InputDefect("partial/Configuration.wsdl, reached as .../2002-10/Configuration.wsdl, imports Configuration.xsd relative to that URL; the sample has it only under 2002-08 (the corpus's own IMPORT_CHECK.txt counts this unresolved reference too)"),
    ),
    (
        "apache-axis2/modules/jaxws-integration/test-resources/wsdl/swamtomservice.wsdl",
        "S003",
        Why::InputDefect("parts name elements typens:mtom and typens:mtomResponse; the schema declares mtomAttachment and mtomAttachmentResponse"),
    ),
    (
        "metro-jax-ws/extras/eclipselink_jaxb/src/test/resources/etc/WSW2JDLSwaTestService.wsdl",
        "S003",
        Why::InputDefect("part MyHeaderFault names element s:MyHeaderFaultReason, which the schema does not declare"),
    ),
];

/// CXF's DoubleIt WSDLs import `src/test/resources/DoubleItLogical.wsdl`,
/// relative to the Maven module, not to themselves: they load with
/// [`CORPUS_MODULE_DIR`] (relative to the corpus) as an import path.
pub const CORPUS_MODULE_RELATIVE: &[&str] = &[
    "apache-cxf/systests/ws-security/src/test/resources/org/apache/cxf/systest/ws/mtom/DoubleItMtom.wsdl",
    "apache-cxf/systests/ws-security/src/test/resources/org/apache/cxf/systest/ws/parts/DoubleItParts.wsdl",
    "apache-cxf/systests/ws-security/src/test/resources/org/apache/cxf/systest/ws/swa/DoubleItSwa.wsdl",
];

/// The Maven module directory the [`CORPUS_MODULE_RELATIVE`] WSDLs need as
/// an import path, relative to the corpus.
pub const CORPUS_MODULE_DIR: &str = "apache-cxf/systests/ws-security";

/// The primary documents of the corpus manifest (column 8 `primary`), as
/// paths relative to the corpus.
pub fn corpus_primaries(corpus: &Path) -> std::io::Result<Vec<String>> {
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv"))?;
    Ok(manifest
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.get(7) == Some(&"primary")).then(|| cols[0].to_string())
        })
        .collect())
}
