soapstone::wsdl!("ui/wsdl/bad-occurs.xsd");

fn main() {}
