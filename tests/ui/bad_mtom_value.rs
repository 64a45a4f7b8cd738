soapstone::wsdl!("../wsdl-samples/star-process-message/ProcessMessage.wsdl", mtom = "sometimes");

fn main() {}
