soapstone::wsdl!("../wsdl-samples/broken/unknown-prefix.wsdl");

fn main() {}
