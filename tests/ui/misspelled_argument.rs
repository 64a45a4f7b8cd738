soapstone::wsdl!("../wsdl-samples/star-process-message/ProcessMessage.wsdl", mtoom = "on");

fn main() {}
