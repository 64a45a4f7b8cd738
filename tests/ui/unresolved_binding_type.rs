soapstone::wsdl!("ui/wsdl/unresolved-binding-type.wsdl");

fn main() {}
