soapstone::wsdl!("ui/wsdl/binding-operation-unknown.wsdl");

fn main() {}
