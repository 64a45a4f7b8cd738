soapstone::wsdl!("../wsdl-samples/broken/unresolved-type.wsdl");

fn main() {}
