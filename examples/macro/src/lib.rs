//! STAR ProcessMessage bindings generated in place by `soapstone::wsdl!`, and
//! an MTOM round trip through them: value → MTOM/XOP package bytes → decoded
//! message → value.

/// The generated bindings. The path is relative to this crate's Cargo.toml;
/// the macro tracks the WSDL and the schema it imports, so editing either
/// rebuilds the crate, and a WSDL it cannot support is a compile error
/// pointing at the file, line and column.
pub mod star {
    soapstone::wsdl!("wsdl/ProcessMessage.wsdl", mtom = "on");
}

use soapstone::bind::{from_message, to_package, Encoding};
use soapstone::{Binary, Limits, SoapVersion};
use star::star_transport_soap11_binding::PROCESS_MESSAGE as OPERATION;

/// A ProcessMessage request with one business document and one PDF attachment.
pub fn request(pdf: Vec<u8>) -> star::ProcessMessage {
    star::ProcessMessage {
        payload: star::Payload {
            content: Vec::new(),
            attachment: vec![star::AttachmentType {
                id: Some("att-1".into()),
                file_name: Some("invoice.pdf".into()),
                attachment_data: Some(Binary::from(pdf).with_content_type("application/pdf")),
                mime_code: "application/pdf".into(),
                uri_reference: None,
                checksum: None,
            }],
        },
    }
}

/// Sends `value` through MTOM in memory: writes the XOP package as the
/// operation says (MTOM on, its threshold), serializes it to bytes, decodes
/// them and reads the value back. Returns the value and how many MIME
/// attachments travelled.
pub fn round_trip(
    value: &star::ProcessMessage,
) -> Result<(star::ProcessMessage, usize), Box<dyn std::error::Error>> {
    let (ns, local) = star::elements::PROCESS_MESSAGE;
    let encoding = if OPERATION.use_mtom {
        Encoding::Mtom {
            threshold: OPERATION.threshold,
        }
    } else {
        Encoding::Inline
    };
    let package = to_package(
        value,
        ns,
        local,
        SoapVersion::V11,
        Some(OPERATION.action),
        encoding,
    )?;
    let content_type = package.content_type().to_string();
    let wire = package.to_bytes()?;
    let message = soapstone::decode(&content_type, wire, &Limits::default())?;
    let back = from_message(&message, ns, local)?;
    Ok((back, message.attachments.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mtom_round_trip_keeps_every_byte() -> Result<(), Box<dyn std::error::Error>> {
        let pdf: Vec<u8> = (0..8000u32).map(|i| (i % 251) as u8).collect();
        let value = request(pdf.clone());
        let (back, parts) = round_trip(&value)?;
        assert_eq!(parts, 1, "the PDF travels as an MTOM attachment");
        let data = back.payload.attachment[0]
            .attachment_data
            .as_ref()
            .ok_or("attachment data missing")?;
        assert_eq!(data.to_bytes()?, pdf);
        assert_eq!(data.content_type(), Some("application/pdf"));
        assert_eq!(
            back.payload.attachment[0].file_name,
            value.payload.attachment[0].file_name
        );
        Ok(())
    }
}
