soapstone::wsdl!("ui/wsdl/circular-group.xsd");

fn main() {}
