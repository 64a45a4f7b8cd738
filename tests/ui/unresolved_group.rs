soapstone::wsdl!("ui/wsdl/unresolved-group.xsd");

fn main() {}
