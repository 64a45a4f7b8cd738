soapstone::wsdl!("../wsdl-samples/broken/missing-import.wsdl");

fn main() {}
