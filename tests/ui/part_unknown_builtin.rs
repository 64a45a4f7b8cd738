soapstone::wsdl!("ui/wsdl/part-unknown-builtin.wsdl");

fn main() {}
