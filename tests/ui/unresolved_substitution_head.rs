soapstone::wsdl!("ui/wsdl/unresolved-substitution-head.xsd");

fn main() {}
