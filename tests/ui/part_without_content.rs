soapstone::wsdl!("ui/wsdl/part-without-content.wsdl");

fn main() {}
