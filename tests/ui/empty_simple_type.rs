soapstone::wsdl!("ui/wsdl/empty-simple-type.xsd");

fn main() {}
