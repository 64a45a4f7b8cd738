soapstone::wsdl!("ui/wsdl/not-wsdl.xml");

fn main() {}
