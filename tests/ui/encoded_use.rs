soapstone::wsdl!("../wsdl-samples/broken/encoded.wsdl");

fn main() {}
