// The macro in a crate of its own: the STAR sample (a WSDL importing an
// XSD) generates in place and its types are usable.
soapstone::wsdl!("../wsdl-samples/star-process-message/ProcessMessage.wsdl", mtom = "on");

fn main() {
    let (ns, local) = elements::PROCESS_MESSAGE;
    assert_eq!(local, "ProcessMessage");
    assert!(ns.ends_with("star-process-message"));
    let _ = Payload { content: Vec::new(), attachment: Vec::new() };
}
