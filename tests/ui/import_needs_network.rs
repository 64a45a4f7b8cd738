soapstone::wsdl!("ui/wsdl/needs-network.wsdl");

fn main() {}
