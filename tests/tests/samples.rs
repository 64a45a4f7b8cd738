//! Every sample in wsdl-samples/: the binary fields `inspect` finds, checked
//! against the table worked out by hand in wsdl-samples/README.md, and
//! snapshots of the text and JSON reports.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use soapstone_codegen::analysis::{BinaryKind, Direction};
use soapstone_codegen::inspect::{inspect, Report};
use soapstone_codegen::Settings;
use soapstone_tests::sample;
use std::collections::BTreeSet;

const SAMPLES: &[&str] = &[
    "star-process-message/ProcessMessage.wsdl",
    "image-service/ImageService.wsdl",
    "content-type-attribute/Photo.wsdl",
    "mtom-policy/PolicyService.wsdl",
    "swa/SwaService.wsdl",
    "swaref/SwaRefService.wsdl",
    "rpc-literal/RpcImage.wsdl",
    "document-service/DocumentService.wsdl",
    "features/derivation.xsd",
    "features/groups.xsd",
    "features/recursive.xsd",
    "features/chameleon/main.xsd",
    "features/redefine/main.xsd",
];

fn report(rel: &str) -> Report {
    inspect(&Settings::new(sample(rel)))
}

/// (operation, direction, path or `part:NAME`, kind, contentType attribute, expected types)
type Row = (String, String, String, &'static str, bool, String);

fn rows(r: &Report) -> BTreeSet<Row> {
    r.binaries
        .iter()
        .map(|b| {
            (
                b.operation.clone().unwrap_or_default(),
                b.direction
                    .map(|d| match d {
                        Direction::Input => "input",
                        Direction::Output => "output",
                        Direction::Fault => "fault",
                        Direction::Header => "header",
                    })
                    .unwrap_or("-")
                    .to_string(),
                b.body_path
                    .clone()
                    .unwrap_or_else(|| format!("part:{}", b.mime_part.clone().unwrap_or_default())),
                match b.kind {
                    BinaryKind::Xop => "xop",
                    BinaryKind::SwaRef => "swaref",
                    BinaryKind::MimePart => "mime-part",
                    BinaryKind::Hex => "hex",
                },
                b.content_type_attribute,
                b.expected_content_types.join(", "),
            )
        })
        .collect()
}

fn expect(rows_: &[(&str, &str, &str, &'static str, bool, &str)]) -> BTreeSet<Row> {
    rows_
        .iter()
        .map(|(o, d, p, k, c, e)| {
            (
                o.to_string(),
                d.to_string(),
                p.to_string(),
                *k,
                *c,
                e.to_string(),
            )
        })
        .collect()
}

fn assert_clean(r: &Report, rel: &str) {
    assert!(
        r.diagnostics.is_empty(),
        "{rel}: unexpected diagnostics {:#?}",
        r.diagnostics
    );
}

#[test]
fn star_process_message_attachment_paths() {
    let r = report("star-process-message/ProcessMessage.wsdl");
    assert_clean(&r, "star");
    assert_eq!(
        rows(&r),
        expect(&[
            (
                "ProcessMessage",
                "input",
                "/ProcessMessage/payload/attachment[1]/attachmentData",
                "xop",
                false,
                "application/octet-stream"
            ),
            (
                "ProcessMessage",
                "input",
                "/ProcessMessage/payload/attachment[1]/checksum",
                "hex",
                false,
                ""
            ),
            (
                "ProcessMessage",
                "output",
                "/ProcessMessageResponse/payload/attachment[1]/attachmentData",
                "xop",
                false,
                "application/octet-stream"
            ),
            (
                "ProcessMessage",
                "output",
                "/ProcessMessageResponse/payload/attachment[1]/checksum",
                "hex",
                false,
                ""
            ),
        ])
    );
    // The imported XSD was loaded beside the WSDL.
    assert!(
        r.documents
            .iter()
            .any(|d| d.ends_with("star-attachment.xsd")),
        "{:?}",
        r.documents
    );
}

#[test]
fn image_service_seed_body_paths_in_both_soap_versions() {
    let r = report("image-service/ImageService.wsdl");
    assert_clean(&r, "image");
    assert_eq!(
        rows(&r),
        expect(&[
            (
                "sendImage",
                "input",
                "/sendImage/input/imageData",
                "xop",
                false,
                "image/jpeg"
            ),
            (
                "sendImages",
                "input",
                "/sendImages/input/imageData[1]",
                "xop",
                false,
                "image/*"
            ),
        ])
    );
    // One row per binding: SOAP 1.1 and 1.2 each report both.
    assert_eq!(r.binaries.len(), 4);
    let versions: BTreeSet<_> = r.services[0]
        .ports
        .iter()
        .map(|p| p.soap_version.map(|v| v.as_str()))
        .collect();
    assert_eq!(versions, BTreeSet::from([Some("1.1"), Some("1.2")]));
}

#[test]
fn a5_content_type_attribute_by_ref_and_by_xmime_type() {
    let r = report("content-type-attribute/Photo.wsdl");
    assert_clean(&r, "photo");
    assert_eq!(
        rows(&r),
        expect(&[
            (
                "uploadPhoto",
                "input",
                "/uploadPhoto/photo",
                "xop",
                true,
                "image/png, image/jpeg"
            ),
            (
                "uploadPhoto",
                "input",
                "/uploadPhoto/thumbnail",
                "xop",
                true,
                ""
            ),
            (
                "getPhoto",
                "output",
                "/getPhotoResponse/photo",
                "xop",
                true,
                "image/png, image/jpeg"
            ),
        ])
    );
}

#[test]
fn a11_mtom_policy_required_and_optional_with_header_and_fault_binaries() {
    let r = report("mtom-policy/PolicyService.wsdl");
    assert_clean(&r, "policy");
    let mtom: Vec<_> = r.services[0]
        .ports
        .iter()
        .map(|p| (p.name.as_str(), format!("{:?}", p.mtom)))
        .collect();
    assert_eq!(
        mtom,
        vec![
            ("StoreSoap11Port", "Required".to_string()),
            ("StoreSoap11PlainPort", "None".to_string()),
            ("StoreSoap12Port", "Optional".to_string())
        ]
    );
    assert_eq!(
        rows(&r),
        expect(&[
            (
                "storeScan",
                "input",
                "/storeScan/scan",
                "xop",
                false,
                "application/pdf"
            ),
            (
                "storeScan",
                "header",
                "/scanSignature/signatureValue",
                "xop",
                false,
                "application/pkcs7-signature"
            ),
            (
                "storeScan",
                "fault",
                "/scanRejected/offendingPage",
                "xop",
                false,
                "image/png"
            ),
            // purgeScans: the same header block beside an empty Body.
            (
                "purgeScans",
                "header",
                "/scanSignature/signatureValue",
                "xop",
                false,
                "application/pkcs7-signature"
            ),
        ])
    );
}

#[test]
fn a8_mime_multipart_related_parts() {
    let r = report("swa/SwaService.wsdl");
    assert_clean(&r, "swa");
    assert_eq!(
        rows(&r),
        expect(&[
            (
                "submitClaim",
                "input",
                "part:photo",
                "mime-part",
                false,
                "image/jpeg"
            ),
            (
                "submitClaim",
                "input",
                "part:sketch",
                "mime-part",
                false,
                "image/png, image/gif"
            ),
            (
                "submitClaim",
                "output",
                "part:receiptPdf",
                "mime-part",
                false,
                "application/pdf"
            ),
            // Alternatives naming different parts: one is sent.
            (
                "getAssessment",
                "output",
                "part:reportPdf",
                "mime-part",
                false,
                "application/pdf"
            ),
            (
                "getAssessment",
                "output",
                "part:reportHtml",
                "mime-part",
                false,
                "text/html"
            ),
        ])
    );
    let optional: Vec<&str> = r
        .binaries
        .iter()
        .filter(|b| b.optional)
        .filter_map(|b| b.mime_part.as_deref())
        .collect();
    assert_eq!(optional, ["reportPdf", "reportHtml"]);
    assert!(r
        .operations
        .iter()
        .all(|o| o.mime || o.name != "submitClaim"));
}

#[test]
fn a9_swaref_fields() {
    let r = report("swaref/SwaRefService.wsdl");
    assert_clean(&r, "swaref");
    assert_eq!(
        rows(&r),
        expect(&[
            (
                "submitEvidence",
                "input",
                "/submitEvidence/primaryDocument",
                "swaref",
                false,
                ""
            ),
            (
                "submitEvidence",
                "input",
                "/submitEvidence/supportingDocument[1]",
                "swaref",
                false,
                ""
            ),
            (
                "getEvidence",
                "output",
                "/getEvidenceResponse/document",
                "swaref",
                false,
                ""
            ),
        ])
    );
}

#[test]
fn rpc_literal_paths_start_at_the_operation_wrapper() {
    let r = report("rpc-literal/RpcImage.wsdl");
    assert_clean(&r, "rpc");
    assert_eq!(
        rows(&r),
        expect(&[
            ("storeImage", "input", "/storeImage/image", "xop", false, ""),
            (
                "storeImage",
                "input",
                "/storeImage/meta/thumbnail",
                "xop",
                false,
                "image/png"
            ),
            (
                "fetchImage",
                "output",
                "/fetchImageResponse/image",
                "xop",
                false,
                ""
            ),
        ])
    );
}

#[test]
fn document_service_matches_the_peers_shape() {
    let r = report("document-service/DocumentService.wsdl");
    assert_clean(&r, "docs");
    assert_eq!(
        rows(&r),
        expect(&[
            (
                "uploadDocument",
                "input",
                "/uploadDocument/attachmentData",
                "xop",
                false,
                "application/octet-stream"
            ),
            (
                "downloadDocument",
                "output",
                "/downloadDocumentResponse/attachmentData",
                "xop",
                false,
                "application/octet-stream"
            ),
        ])
    );
    assert!(r.services[0]
        .ports
        .iter()
        .all(|p| p.address.as_deref().is_some_and(|a| a.contains("/docs"))));
}

#[test]
fn xsd_features_derivation_substitution_groups() {
    let r = report("features/derivation.xsd");
    assert_clean(&r, "derivation");
    let paths: BTreeSet<String> = r
        .binaries
        .iter()
        .filter_map(|b| b.body_path.clone())
        .collect();
    for p in [
        "/bundle/resource/blob",
        "/bundle/image/blob",
        "/bundle/imageContent[1]/blob",
        "/bundle/binaryContent[1]",
        "/bundle/signature",
        "/bundle/shortSignature",
        "/bundle/preview",
        "/bundle/digest",
    ] {
        assert!(paths.contains(p), "missing {p} in {paths:?}");
    }
    let digest = r
        .binaries
        .iter()
        .find(|b| b.body_path.as_deref() == Some("/bundle/digest"))
        .map(|b| b.kind);
    assert_eq!(digest, Some(BinaryKind::Hex));
}

#[test]
fn xsd_features_groups_choice_nillable() {
    let r = report("features/groups.xsd");
    assert_clean(&r, "groups");
    let got: BTreeSet<(String, bool, bool)> = r
        .binaries
        .iter()
        .map(|b| {
            (
                b.body_path.clone().unwrap_or_default(),
                b.optional,
                b.nillable,
            )
        })
        .collect();
    assert_eq!(
        got,
        BTreeSet::from([
            ("/order/delivery[1]/inline".to_string(), true, false),
            ("/order/cover".to_string(), true, false),
            ("/order/preview".to_string(), true, true),
        ])
    );
}

#[test]
fn recursive_types_terminate() {
    let r = report("features/recursive.xsd");
    assert_clean(&r, "recursive");
    assert_eq!(
        r.binaries
            .iter()
            .filter_map(|b| b.body_path.as_deref())
            .collect::<Vec<_>>(),
        // Each element declaration is expanded once per root: File via
        // `file`, then via `previousVersion`, whose own `previousVersion` is
        // not expanded again.
        vec![
            "/folder/file[1]/content",
            "/folder/file[1]/previousVersion/content"
        ]
    );
}

#[test]
fn chameleon_include_takes_the_including_namespace() {
    let r = report("features/chameleon/main.xsd");
    assert_clean(&r, "chameleon");
    assert_eq!(
        r.schema.namespaces,
        vec!["http://soapstone.example/features/chameleon".to_string()]
    );
    let paths: BTreeSet<_> = r
        .binaries
        .iter()
        .filter_map(|b| b.body_path.clone())
        .collect();
    assert_eq!(
        paths,
        BTreeSet::from([
            "/archive/entry[1]/data".to_string(),
            "/archive/entry[1]/checksum".to_string(),
            "/archive/manifestChecksum".to_string()
        ])
    );
}

#[test]
fn redefine_adds_the_redefined_content() {
    let r = report("features/redefine/main.xsd");
    assert_clean(&r, "redefine");
    let paths: BTreeSet<_> = r
        .binaries
        .iter()
        .filter_map(|b| b.body_path.clone())
        .collect();
    assert_eq!(
        paths,
        BTreeSet::from([
            "/mail/attachment[1]/data".to_string(),
            "/mail/attachment[1]/thumbnail".to_string()
        ])
    );
}

#[test]
fn snapshots_of_every_sample_report() {
    for rel in SAMPLES {
        let r = report(rel);
        let name = rel.replace(['/', '.'], "_");
        insta::assert_snapshot!(format!("{name}.txt"), r.to_text());
        insta::assert_snapshot!(format!("{name}.json"), r.to_json());
    }
}
