soapstone::wsdl!("ui/wsdl/unresolved-message.wsdl");

fn main() {}
