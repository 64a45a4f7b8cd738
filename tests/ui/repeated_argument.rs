soapstone::wsdl!("../wsdl-samples/star-process-message/ProcessMessage.wsdl", mtom = "on", mtom = "off");

fn main() {}
