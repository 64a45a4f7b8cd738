soapstone::wsdl!("ui/wsdl/unresolved-element-ref.xsd");

fn main() {}
