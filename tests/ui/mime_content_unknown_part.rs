soapstone::wsdl!("../wsdl-samples/broken/bad-mime-part.wsdl");

fn main() {}
