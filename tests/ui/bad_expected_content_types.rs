soapstone::wsdl!("../wsdl-samples/broken/bad-content-type.wsdl");

fn main() {}
