soapstone::wsdl!("../wsdl-samples/broken/wsdl20.wsdl");

fn main() {}
