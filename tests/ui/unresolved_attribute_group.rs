soapstone::wsdl!("ui/wsdl/unresolved-attribute-group.xsd");

fn main() {}
