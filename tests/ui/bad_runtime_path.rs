soapstone::wsdl!("../wsdl-samples/star-process-message/ProcessMessage.wsdl", runtime_path = "not a path");

fn main() {}
