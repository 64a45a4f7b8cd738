//! The seed scenarios: STAR ProcessMessage with three attachments, and the
//! sendImage service with one image and with an array. Each goes value →
//! MTOM package → decoded message → value, and value → plain XML → value;
//! the element path the reader reports for every xop:Include matches the
//! body path `inspect` computes from the schema.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use soapstone::bind::{from_message, to_package, Encoding};
use soapstone::soap::SoapVersion;
use soapstone::{Binary, Limits};
use soapstone_codegen::inspect::inspect;
use soapstone_codegen::Settings;
use soapstone_tests::samples::image_service_imageservice as img;
use soapstone_tests::samples::star_process_message_processmessage as star;

/// Strips `[n]` steps, so a schema path and an instance path compare.
fn plain(path: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for c in path.chars() {
        match c {
            '[' => skip = true,
            ']' => skip = false,
            c if !skip => out.push(c),
            _ => {}
        }
    }
    out
}

fn schema_paths(sample: &str, operation: &str) -> Vec<String> {
    let r = inspect(&Settings::new(format!("../wsdl-samples/{sample}")));
    r.binaries
        .iter()
        .filter(|b| {
            b.operation.as_deref() == Some(operation)
                && b.kind == soapstone_codegen::analysis::BinaryKind::Xop
        })
        .filter_map(|b| b.body_path.clone())
        .collect()
}

fn payload(n: usize, seed: u8) -> Vec<u8> {
    // Include the traps: boundary-like text and a trailing CRLF.
    let mut v: Vec<u8> = (0..n)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect();
    v.extend_from_slice(b"\r\n--MIMEBoundary_fake\r\n");
    v
}

fn mtom_round_trip<T>(
    value: &T,
    ns: &str,
    local: &str,
    version: SoapVersion,
) -> (T, soapstone::Message)
where
    T: soapstone::bind::XmlComplex,
{
    let pkg = to_package(
        value,
        ns,
        local,
        version,
        Some("urn:action"),
        Encoding::Mtom { threshold: 0 },
    )
    .unwrap();
    assert!(
        pkg.content_type().starts_with("multipart/related"),
        "{}",
        pkg.content_type()
    );
    let bytes = pkg.to_bytes().unwrap();
    let msg = soapstone::decode(pkg.content_type(), bytes, &Limits::default()).unwrap();
    let back: T = from_message(&msg, ns, local).unwrap();
    (back, msg)
}

fn inline_round_trip<T: soapstone::bind::XmlComplex>(value: &T, ns: &str, local: &str) -> T {
    let pkg = to_package(value, ns, local, SoapVersion::V11, None, Encoding::Inline).unwrap();
    assert!(
        pkg.content_type().starts_with("text/xml"),
        "{}",
        pkg.content_type()
    );
    let bytes = pkg.to_bytes().unwrap();
    assert!(
        !bytes.windows(11).any(|w| w == b"xop:Include"),
        "inline must not reference parts"
    );
    let msg = soapstone::decode(pkg.content_type(), bytes, &Limits::default()).unwrap();
    assert!(msg.attachments.is_empty());
    from_message(&msg, ns, local).unwrap()
}

fn star_message() -> star::ProcessMessage {
    let attachment = |i: u8, ct: &str| star::AttachmentType {
        id: Some(format!("att-{i}")),
        file_name: Some(format!("file-{i}.bin")),
        attachment_data: Some(Binary::from(payload(1500 * i as usize, i)).with_content_type(ct)),
        mime_code: ct.to_string(),
        uri_reference: None,
        checksum: Some(soapstone::bind::HexBinary(vec![i, 0xAB])),
    };
    star::ProcessMessage {
        payload: star::Payload {
            content: vec![star::Content {
                id: "bod-1".into(),
                any: vec![soapstone::bind::AnyElement::parse(
                    "<x:bod xmlns:x='urn:bod'><x:n>1</x:n></x:bod>",
                )
                .unwrap()],
            }],
            attachment: vec![
                attachment(1, "application/pdf"),
                attachment(2, "image/png"),
                attachment(3, "application/octet-stream"),
            ],
        },
    }
}

#[test]
fn star_process_message_with_three_attachments_over_mtom() {
    let (ns, local) = star::elements::PROCESS_MESSAGE;
    let value = star_message();
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let (back, msg) = mtom_round_trip(&value, ns, local, version);
        assert_eq!(back.payload.attachment.len(), 3);
        for (a, b) in value
            .payload
            .attachment
            .iter()
            .zip(&back.payload.attachment)
        {
            let (x, y) = (
                a.attachment_data.as_ref().unwrap(),
                b.attachment_data.as_ref().unwrap(),
            );
            assert_eq!(
                x.to_bytes().unwrap(),
                y.to_bytes().unwrap(),
                "bytes survive"
            );
            assert_eq!(
                y.content_type(),
                x.content_type(),
                "the part's Content-Type is the value's"
            );
            assert_eq!(a.checksum, b.checksum, "hexBinary stays inline");
        }
        assert_eq!(back.payload.content, value.payload.content);
        assert_eq!(msg.attachments.len(), 3, "one part per attachment");
        // Reader paths vs the schema's body path.
        let schema = schema_paths("star-process-message/ProcessMessage.wsdl", "ProcessMessage");
        let input_path = "/ProcessMessage/payload/attachment[1]/attachmentData";
        assert!(schema.contains(&input_path.to_string()), "{schema:?}");
        let mut seen: Vec<String> = msg
            .attachments
            .iter()
            .map(|a| {
                a.referenced_by
                    .as_ref()
                    .expect("referenced")
                    .indexed
                    .clone()
            })
            .collect();
        seen.sort();
        assert_eq!(
            seen,
            vec![
                "/ProcessMessage/payload/attachment[1]/attachmentData",
                "/ProcessMessage/payload/attachment[2]/attachmentData",
                "/ProcessMessage/payload/attachment[3]/attachmentData",
            ]
        );
        assert!(seen.iter().all(|p| plain(p) == plain(input_path)));
    }
}

#[test]
fn star_process_message_inline_equals_mtom() {
    let (ns, local) = star::elements::PROCESS_MESSAGE;
    let value = star_message();
    let inline = inline_round_trip(&value, ns, local);
    let (mtom, _) = mtom_round_trip(&value, ns, local, SoapVersion::V11);
    let bytes = |m: &star::ProcessMessage| -> Vec<Vec<u8>> {
        m.payload
            .attachment
            .iter()
            .map(|a| {
                a.attachment_data
                    .as_ref()
                    .unwrap()
                    .to_bytes()
                    .unwrap()
                    .to_vec()
            })
            .collect()
    };
    assert_eq!(bytes(&inline), bytes(&value));
    assert_eq!(
        bytes(&mtom),
        bytes(&inline),
        "both encodings decode to the same bytes"
    );
}

#[test]
fn send_image_single_and_array_paths_match_inspect() {
    let single = img::SendImage {
        input: img::ImageInput {
            image_data: Binary::from(payload(4000, 7)),
        },
    };
    let (ns, local) = img::elements::SEND_IMAGE;
    let (back, msg) = mtom_round_trip(&single, ns, local, SoapVersion::V11);
    assert_eq!(
        back.input.image_data.to_bytes().unwrap(),
        single.input.image_data.to_bytes().unwrap()
    );
    // C4: no content type on the value, so the single expected type is the part's.
    assert_eq!(msg.attachments[0].content_type(), Some("image/jpeg"));
    let schema = schema_paths("image-service/ImageService.wsdl", "sendImage");
    assert_eq!(
        schema,
        vec!["/sendImage/input/imageData".to_string(); 2],
        "SOAP 1.1 and 1.2 bindings"
    );
    assert_eq!(
        msg.attachments[0].referenced_by.as_ref().unwrap().indexed,
        schema[0]
    );
    assert_eq!(inline_round_trip(&single, ns, local), single);

    let many = img::SendImages {
        input: img::ImageBatchInput {
            image_data: vec![
                Binary::from(payload(10, 1)),
                Binary::from(payload(20000, 2)),
            ],
        },
    };
    let (ns, local) = img::elements::SEND_IMAGES;
    let (back, msg) = mtom_round_trip(&many, ns, local, SoapVersion::V12);
    assert_eq!(back.input.image_data.len(), 2);
    for (a, b) in many.input.image_data.iter().zip(&back.input.image_data) {
        assert_eq!(a.to_bytes().unwrap(), b.to_bytes().unwrap());
    }
    let schema = schema_paths("image-service/ImageService.wsdl", "sendImages");
    assert_eq!(schema[0], "/sendImages/input/imageData[1]");
    let mut paths: Vec<String> = msg
        .attachments
        .iter()
        .map(|a| a.referenced_by.as_ref().unwrap().indexed.clone())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        vec![
            "/sendImages/input/imageData[1]",
            "/sendImages/input/imageData[2]"
        ]
    );
    assert_eq!(
        paths[0], schema[0],
        "the first item's path is the schema's body path"
    );
    assert_eq!(inline_round_trip(&many, ns, local), many);
}

#[test]
fn f1_threshold_keeps_small_binaries_inline() {
    let (ns, local) = img::elements::SEND_IMAGES;
    let v = img::SendImages {
        input: img::ImageBatchInput {
            image_data: vec![
                Binary::from(vec![1u8; 767]),
                Binary::from(vec![2u8; 768]),
                Binary::from(Vec::new()),
            ],
        },
    };
    let pkg = to_package(
        &v,
        ns,
        local,
        SoapVersion::V11,
        None,
        Encoding::Mtom { threshold: 767 },
    )
    .unwrap();
    let bytes = pkg.to_bytes().unwrap();
    let msg = soapstone::decode(pkg.content_type(), bytes, &Limits::default()).unwrap();
    assert_eq!(
        msg.attachments.len(),
        1,
        "only the 768-byte value is above the threshold"
    );
    assert_eq!(msg.attachments[0].data.len(), 768);
    let back: img::SendImages = from_message(&msg, ns, local).unwrap();
    let bytes = |x: &img::SendImages| -> Vec<Vec<u8>> {
        x.input
            .image_data
            .iter()
            .map(|b| b.to_bytes().unwrap().to_vec())
            .collect()
    };
    assert_eq!(bytes(&back), bytes(&v));
    // The received part keeps its headers: Content-ID and the C4 default type.
    assert_eq!(
        back.input.image_data[1].content_type(),
        Some("application/octet-stream")
    );
    assert!(back.input.image_data[1].content_id().is_some());
    assert!(
        back.input.image_data[0].content_id().is_none(),
        "inline values have no part"
    );
}

#[test]
fn generated_operation_data_carries_the_body_paths() {
    let op = img::image_soap12_binding::SEND_IMAGES;
    assert_eq!(op.soap_version, "1.2");
    assert_eq!(op.input, Some(img::elements::SEND_IMAGES));
    let bins = img::image_soap12_binding::SEND_IMAGES_BINARIES;
    assert_eq!(bins.len(), 1);
    let bin = bins.get(0).unwrap();
    assert_eq!(bin.body_path(), "/sendImages/input/imageData[1]");
    assert_eq!(
        bin.expected_content_types().collect::<Vec<_>>(),
        ["image/*"]
    );
    assert!(!bin.content_type_attribute());
}

#[test]
fn d7_percent_encoded_href_resolves_for_the_typed_layer() {
    // node-soap writes `cid:document-1%40host` for the part `<document-1@host>`.
    let body = concat!(
        "--b\r\nContent-Type: application/xop+xml; type=\"text/xml\"\r\nContent-ID: <root>\r\n\r\n",
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>",
        "<d:sendImage xmlns:d=\"http://soapstone.example/image-service\"><d:input><d:imageData>",
        "<xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:img-1%40host\"/>",
        "</d:imageData></d:input></d:sendImage></s:Body></s:Envelope>\r\n",
        "--b\r\nContent-Type: image/jpeg\r\nContent-ID: <img-1@host>\r\n\r\nJPEG!\r\n--b--\r\n"
    );
    let ct = "multipart/related; type=\"application/xop+xml\"; boundary=b; start=\"<root>\"; start-info=\"text/xml\"";
    let msg = soapstone::decode(
        ct,
        bytes::Bytes::from_static(body.as_bytes()),
        &Limits::default(),
    )
    .unwrap();
    let (ns, local) = img::elements::SEND_IMAGE;
    let v: img::SendImage = from_message(&msg, ns, local).unwrap();
    assert_eq!(&v.input.image_data.to_bytes().unwrap()[..], b"JPEG!");
    assert_eq!(v.input.image_data.content_type(), Some("image/jpeg"));
}
