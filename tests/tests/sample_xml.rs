//! The XML our generated code writes for the WSDL samples validates against
//! each WSDL's own schema. Every example body document in
//! wsdl-samples/*/examples/ (written by hand, valid) is read into its generated
//! type, written back with binaries inlined, read again to the same value, and
//! the written XML is checked by tests/validate_wsdl.py (Python's xmlschema and
//! xmllint, which CI installs).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use soapstone::bind::{from_xml, to_xml, Document, XmlComplex, XmlNode};
use soapstone_tests::samples;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn out_dir(sample: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/sample-out")
        .join(sample)
}

fn names(node: XmlNode<'_>, path: &str, out: &mut BTreeSet<String>) {
    let here = format!("{path}/{{{}}}{}", node.ns(), node.local());
    out.insert(here.clone());
    for a in node.attributes() {
        out.insert(format!("{here}@{{{}}}{}", a.ns, a.local));
    }
    for c in node.children() {
        names(c, &here, out);
    }
}

/// Reads, writes and re-reads one example; returns the written file.
fn round_trip<T: XmlComplex + std::fmt::Debug>(sample: &str, element: &str) -> PathBuf {
    let input = Path::new("../wsdl-samples")
        .join(sample)
        .join("examples")
        .join(format!("{element}.xml"));
    let xml = std::fs::read(&input).unwrap();
    let doc = Document::parse(&xml, &Default::default()).unwrap();
    let root = doc.root();
    let ns = root.ns().to_string();
    let value: T =
        from_xml(&xml, &ns, element).unwrap_or_else(|e| panic!("{}: {e}", input.display()));
    let written = to_xml(&value, &ns, element).unwrap();
    let again: T = from_xml(written.as_bytes(), &ns, element)
        .unwrap_or_else(|e| panic!("{}: re-read: {e}\n{written}", input.display()));
    assert_eq!(
        format!("{value:?}"),
        format!("{again:?}"),
        "{}",
        input.display()
    );
    let (mut a, mut b) = (BTreeSet::new(), BTreeSet::new());
    names(root, "", &mut a);
    names(
        Document::parse(written.as_bytes(), &Default::default())
            .unwrap()
            .root(),
        "",
        &mut b,
    );
    let lost: Vec<_> = a.difference(&b).collect();
    assert!(
        lost.is_empty(),
        "{}: lost {lost:?}\n{written}",
        input.display()
    );
    let dir = out_dir(sample);
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join(format!("{element}.xml"));
    std::fs::write(&out, written).unwrap();
    out
}

fn validate(wsdl: &str, files: &[PathBuf]) {
    let ok = std::process::Command::new("python3")
        .args(["-c", "import xmlschema"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("SKIP validation of {wsdl}: python3 with the xmlschema package is not installed (.ci/run installs it)");
        return;
    }
    let shared = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/apache-cxf/core/src/main/resources/schemas/wsdl");
    if !shared.join("xmime.xsd").is_file() {
        eprintln!(
            "SKIP validation of {wsdl}: ../shared/corpus (xmime.xsd, swaref.xsd) is not present"
        );
        return;
    }
    let out = std::process::Command::new("python3")
        .arg("validate_wsdl.py")
        .arg(Path::new("../wsdl-samples").join(wsdl))
        .args(files)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    assert!(
        out.status.success(),
        "{wsdl}: our XML does not validate:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(&format!("{} passed, 0 failed", files.len())),
        "{text}"
    );
}

macro_rules! sample {
    ($test:ident, $dir:literal, $wsdl:literal, $module:ident, [$($element:literal => $ty:ident),* $(,)?]) => {
        #[test]
        fn $test() {
            let files = vec![$(round_trip::<samples::$module::$ty>($dir, $element)),*];
            validate($wsdl, &files);
        }
    };
}

sample!(star_process_message, "star-process-message", "star-process-message/ProcessMessage.wsdl", star_process_message_processmessage, [
    "ProcessMessage" => ProcessMessage,
    "ProcessMessageResponse" => ProcessMessageResponse,
]);
sample!(image_service, "image-service", "image-service/ImageService.wsdl", image_service_imageservice, [
    "sendImage" => SendImage,
    "sendImageResponse" => SendImageResponse,
    "sendImages" => SendImages,
    "sendImagesResponse" => SendImagesResponse,
]);
sample!(content_type_attribute, "content-type-attribute", "content-type-attribute/Photo.wsdl", content_type_attribute_photo, [
    "getPhoto" => GetPhoto,
    "getPhotoResponse" => GetPhotoResponse,
    "uploadPhoto" => UploadPhoto,
    "uploadPhotoResponse" => UploadPhotoResponse,
]);
sample!(mtom_policy, "mtom-policy", "mtom-policy/PolicyService.wsdl", mtom_policy_policyservice, [
    "scanRejected" => ScanRejected,
    "scanSignature" => ScanSignature,
    "storeScan" => StoreScan,
    "storeScanResponse" => StoreScanResponse,
]);
sample!(swaref, "swaref", "swaref/SwaRefService.wsdl", swaref_swarefservice, [
    "getEvidence" => GetEvidence,
    "getEvidenceResponse" => GetEvidenceResponse,
    "submitEvidence" => SubmitEvidence,
    "submitEvidenceResponse" => SubmitEvidenceResponse,
]);
sample!(document_service, "document-service", "document-service/DocumentService.wsdl", document_service_documentservice, [
    "downloadDocument" => DownloadDocument,
    "downloadDocumentResponse" => DownloadDocumentResponse,
    "uploadDocument" => UploadDocument,
    "uploadDocumentResponse" => UploadDocumentResponse,
]);
sample!(swa, "swa", "swa/SwaService.wsdl", swa_swaservice, [
    "getAssessment" => GetAssessment,
    "getAssessmentResponse" => GetAssessmentResponse,
    "submitAssessment" => SubmitAssessment,
    "submitClaim" => SubmitClaim,
    "submitClaimResponse" => SubmitClaimResponse,
]);
