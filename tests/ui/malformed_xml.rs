soapstone::wsdl!("../wsdl-samples/broken/malformed.wsdl");

fn main() {}
