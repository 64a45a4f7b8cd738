//! Lists the binary fields the WSDL declares, then round-trips a
//! ProcessMessage with a PDF attachment through MTOM in memory.

use soapstone_example_macro::star;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for field in star::star_transport_soap11_binding::PROCESS_MESSAGE_BINARIES.iter() {
        println!(
            "binary field {} expects {:?}",
            field.body_path(),
            field.expected_content_types().collect::<Vec<_>>()
        );
    }
    let pdf = b"%PDF-1.7 example ".repeat(500);
    let value = soapstone_example_macro::request(pdf.clone());
    let (back, parts) = soapstone_example_macro::round_trip(&value)?;
    let data = back.payload.attachment[0]
        .attachment_data
        .as_ref()
        .ok_or("attachment data missing")?;
    println!(
        "sent {} bytes as {parts} MTOM attachment(s); received {} bytes, equal: {}",
        pdf.len(),
        data.len(),
        data.to_bytes()? == pdf
    );
    Ok(())
}
