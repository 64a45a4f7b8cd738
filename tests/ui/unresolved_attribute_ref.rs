soapstone::wsdl!("ui/wsdl/unresolved-attribute-ref.xsd");

fn main() {}
