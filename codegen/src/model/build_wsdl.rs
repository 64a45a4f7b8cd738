//! Builds the WSDL 1.1 half of the [`Model`]: messages, port types, bindings
//! (SOAP 1.1/1.2 with MIME multipart), services, and MTOM policies.

use super::policy::Policies;
use super::xml::{children_in, documentation, is, qname, span};
use super::*;
use crate::diag::{Code, Diagnostic, Span};
use crate::load::DocKind;
use crate::names::ns;
use crate::source::FileId;
use roxmltree::Node;

#[derive(Clone, Copy)]
enum Def {
    Message(MessageId),
    PortType(PortTypeId),
    Binding(BindingId),
    Service(ServiceId),
}

struct Builder<'p, 'a> {
    parsed: &'a Parsed<'a>,
    model: &'p mut Model,
    diags: &'p mut Diagnostics,
    messages: HashMap<QName, MessageId>,
    port_types: HashMap<QName, PortTypeId>,
    bindings: HashMap<QName, BindingId>,
    policies: Policies<'a>,
}

pub(super) fn build<'a>(parsed: &'a Parsed<'a>, model: &mut Model, diags: &mut Diagnostics) {
    let mut b = Builder {
        parsed,
        model,
        diags,
        messages: HashMap::new(),
        port_types: HashMap::new(),
        bindings: HashMap::new(),
        policies: Policies::default(),
    };
    let mut queue = Vec::new();
    for (file, _) in parsed.sources.files.iter() {
        if parsed.sources.kinds[file.index()] != DocKind::Wsdl {
            continue;
        }
        let Some(doc) = parsed.doc(file) else {
            continue;
        };
        let root = doc.root_element();
        b.policies.collect(root);
        b.register(file, root, &mut queue);
    }
    // Fill in dependency order: ports read their binding's policy.
    queue.sort_by_key(|(def, _, _)| match def {
        Def::Message(_) => 0,
        Def::PortType(_) => 1,
        Def::Binding(_) => 2,
        Def::Service(_) => 3,
    });
    for (def, file, node) in queue {
        match def {
            Def::Message(id) => b.fill_message(file, node, id),
            Def::PortType(id) => b.fill_port_type(file, node, id),
            Def::Binding(id) => b.fill_binding(file, node, id),
            Def::Service(id) => b.fill_service(file, node, id),
        }
    }
}

type Queue<'a> = Vec<(Def, FileId, Node<'a, 'a>)>;

impl<'p, 'a> Builder<'p, 'a> {
    fn sp(&self, file: FileId, node: Node<'_, '_>) -> Span {
        span(self.parsed, file, node)
    }

    fn register(&mut self, file: FileId, root: Node<'a, 'a>, queue: &mut Queue<'a>) {
        let tns = root.attribute("targetNamespace").unwrap_or("").to_string();
        for child in children_in(root, ns::WSDL) {
            let Some(local) = child.attribute("name") else {
                continue;
            };
            let name = QName::new(tns.clone(), local.trim());
            let sp = self.sp(file, child);
            let kind = child.tag_name().name();
            let dup = match kind {
                "message" => self.messages.contains_key(&name),
                "portType" => self.port_types.contains_key(&name),
                "binding" => self.bindings.contains_key(&name),
                "service" => self.model.services.iter().any(|(_, s)| s.name == name),
                _ => continue,
            };
            if dup {
                self.diags.push(
                    Diagnostic::warning(
                        Code::Duplicate,
                        Some(sp),
                        format!(
                            "wsdl:{kind} `{name}` is defined more than once; the first is used"
                        ),
                    )
                    .with_hint("remove the duplicate"),
                );
                continue;
            }
            let def = match kind {
                "message" => {
                    let id = self.model.messages.push(Message {
                        name: name.clone(),
                        span: sp,
                        parts: Vec::new(),
                    });
                    self.messages.insert(name, id);
                    Def::Message(id)
                }
                "portType" => {
                    let id = self.model.port_types.push(PortType {
                        name: name.clone(),
                        span: sp,
                        operations: Vec::new(),
                    });
                    self.port_types.insert(name, id);
                    Def::PortType(id)
                }
                "binding" => {
                    let id = self.model.bindings.push(Binding {
                        name: name.clone(),
                        span: sp,
                        port_type: None,
                        soap_version: None,
                        style: Style::Document,
                        transport: None,
                        operations: Vec::new(),
                        mtom: MtomPolicy::None,
                    });
                    self.bindings.insert(name, id);
                    Def::Binding(id)
                }
                _ => Def::Service(self.model.services.push(Service {
                    name,
                    span: sp,
                    doc: documentation(child),
                    ports: Vec::new(),
                })),
            };
            queue.push((def, file, child));
        }
    }

    fn qname_attr(&mut self, file: FileId, node: Node<'a, 'a>, attr: &str) -> Option<QName> {
        let value = node.attribute(attr)?;
        qname(self.parsed, file, node, value, None, self.diags)
    }

    fn lookup<T: Copy>(
        &mut self,
        file: FileId,
        node: Node<'a, 'a>,
        attr: &str,
        what: &str,
        map: fn(&Self) -> &HashMap<QName, T>,
    ) -> Option<T> {
        let name = self.qname_attr(file, node, attr)?;
        if let Some(id) = map(self).get(&name) {
            return Some(*id);
        }
        // Lenient like zeep and Axis: an unprefixed name that is not in the
        // default namespace but is in this document's targetNamespace.
        let raw = node.attribute(attr).unwrap_or("");
        if !raw.contains(':') {
            let tns = node
                .document()
                .root_element()
                .attribute("targetNamespace")
                .unwrap_or("");
            let alt = QName::new(tns, name.local.clone());
            if let Some(id) = map(self).get(&alt) {
                let id = *id;
                let sp = self.sp(file, node);
                self.diags.push(
                    Diagnostic::warning(Code::UnresolvedWsdl, Some(sp), format!("`{raw}` resolves to `{name}` by the default namespace, where no wsdl:{what} has that name; using `{alt}` from the targetNamespace"))
                        .with_hint(format!("write the reference with a prefix bound to the targetNamespace, e.g. tns:{raw}")),
                );
                return Some(id);
            }
        }
        let sp = self.sp(file, node);
        self.diags.push(
            Diagnostic::error(
                Code::UnresolvedWsdl,
                Some(sp),
                format!("wsdl:{what} `{name}` is not defined"),
            )
            .with_hint(format!(
                "check the name and prefix, or the wsdl:import that should bring the {what} in"
            )),
        );
        None
    }

    fn fill_message(&mut self, file: FileId, node: Node<'a, 'a>, id: MessageId) {
        let mut parts = Vec::new();
        for p in children_in(node, ns::WSDL).filter(|n| n.tag_name().name() == "part") {
            let name = p.attribute("name").unwrap_or("").to_string();
            let sp = self.sp(file, p);
            let content = if let Some(el) = self.qname_attr(file, p, "element") {
                match self.model.element(&el) {
                    Some(e) => PartContent::Element(e),
                    None if el.ns == ns::XS && BuiltinType::from_local(&el.local).is_some() => {
                        // CXF and Axis accept this mistake; read it as type=.
                        self.diags.push(
                            Diagnostic::warning(Code::InvalidWsdl, Some(sp), format!("part `{name}` has element=\"{}\", a built-in type, not an element; read as type=", el.local))
                                .with_hint("write type= for a part of a built-in type"),
                        );
                        PartContent::Type(TypeRef::Builtin(
                            BuiltinType::from_local(&el.local).unwrap_or(BuiltinType::AnyType),
                        ))
                    }
                    None => {
                        self.diags.push(
                            Diagnostic::error(
                                Code::UnresolvedElement,
                                Some(sp),
                                format!(
                                    "part `{name}` names element `{el}`, which is not declared"
                                ),
                            )
                            .with_hint(schema_hint(self.model, &el.ns)),
                        );
                        PartContent::Missing
                    }
                }
            } else if let Some(t) = self.qname_attr(file, p, "type") {
                if t.ns == ns::XS {
                    match BuiltinType::from_local(&t.local) {
                        Some(b) => PartContent::Type(TypeRef::Builtin(b)),
                        None => {
                            self.diags.push(
                                Diagnostic::error(Code::UnresolvedType, Some(sp), format!("part `{name}` names type `{t}`, which is not a built-in datatype"))
                                    .with_hint("check the spelling"),
                            );
                            PartContent::Missing
                        }
                    }
                } else if let Some(tid) = self.model.type_named(&t) {
                    PartContent::Type(TypeRef::Def(tid))
                } else {
                    self.diags.push(
                        Diagnostic::error(
                            Code::UnresolvedType,
                            Some(sp),
                            format!("part `{name}` names type `{t}`, which is not defined"),
                        )
                        .with_hint(schema_hint(self.model, &t.ns)),
                    );
                    PartContent::Missing
                }
            } else {
                self.diags.push(
                    Diagnostic::error(
                        Code::InvalidWsdl,
                        Some(sp),
                        format!("part `{name}` has neither element= nor type="),
                    )
                    .with_hint(
                        "add element=\"tns:...\" (document/literal) or type=\"...\" (rpc/literal)",
                    ),
                );
                PartContent::Missing
            };
            parts.push(Part {
                name,
                span: sp,
                content,
            });
        }
        self.model.messages.get_mut(id).parts = parts;
    }

    fn op_message(&mut self, file: FileId, node: Node<'a, 'a>) -> OperationMessage {
        OperationMessage {
            name: node.attribute("name").map(str::to_string),
            message: self.lookup(file, node, "message", "message", |b| &b.messages),
            span: self.sp(file, node),
        }
    }

    fn fill_port_type(&mut self, file: FileId, node: Node<'a, 'a>, id: PortTypeId) {
        let mut operations = Vec::new();
        for op in children_in(node, ns::WSDL).filter(|n| n.tag_name().name() == "operation") {
            let mut o = Operation {
                name: op.attribute("name").unwrap_or("").to_string(),
                span: self.sp(file, op),
                doc: documentation(op),
                input: None,
                output: None,
                faults: Vec::new(),
            };
            for c in children_in(op, ns::WSDL) {
                match c.tag_name().name() {
                    "input" => o.input = Some(self.op_message(file, c)),
                    "output" => o.output = Some(self.op_message(file, c)),
                    "fault" => {
                        let m = self.op_message(file, c);
                        o.faults.push(m);
                    }
                    _ => {}
                }
            }
            operations.push(o);
        }
        self.model.port_types.get_mut(id).operations = operations;
    }

    fn fill_binding(&mut self, file: FileId, node: Node<'a, 'a>, id: BindingId) {
        let port_type = self.lookup(file, node, "type", "portType", |b| &b.port_types);
        let mut soap_version = None;
        let mut style = Style::Document;
        let mut transport = None;
        for c in node.children().filter(|n| n.is_element()) {
            let v = if is(c, ns::WSDL_SOAP11, "binding") {
                Some(SoapVersion::Soap11)
            } else if is(c, ns::WSDL_SOAP12, "binding") {
                Some(SoapVersion::Soap12)
            } else {
                None
            };
            if let Some(v) = v {
                soap_version = Some(v);
                style = parse_style(c.attribute("style")).unwrap_or(Style::Document);
                transport = c.attribute("transport").map(str::to_string);
            }
        }
        let (mtom, missing) = self.policies.attached(node);
        self.report_missing_policies(file, node, missing);
        if soap_version.is_none() {
            let sp = self.sp(file, node);
            let name = self.model.bindings[id].name.clone();
            self.diags.push(
                Diagnostic::warning(
                    Code::NonSoapBinding,
                    Some(sp),
                    format!("binding `{name}` is not a SOAP binding; it is skipped"),
                )
                .with_hint("soapstone generates SOAP 1.1/1.2 bindings only"),
            );
        }
        let soap_ns = match soap_version {
            Some(SoapVersion::Soap12) => ns::WSDL_SOAP12,
            _ => ns::WSDL_SOAP11,
        };
        let ops_of_port_type: Vec<Operation> = port_type
            .map(|pt| self.model.port_types[pt].operations.clone())
            .unwrap_or_default();
        let mut operations = Vec::new();
        for op in children_in(node, ns::WSDL).filter(|n| n.tag_name().name() == "operation") {
            let name = op.attribute("name").unwrap_or("").to_string();
            let sp = self.sp(file, op);
            let index = match bound_operation(&ops_of_port_type, &name, op) {
                Bound::One(i) => Some(i),
                Bound::None => None,
                Bound::Ambiguous => {
                    self.diags.push(
                        Diagnostic::error(
                            Code::InvalidWsdl,
                            Some(sp),
                            format!(
                                "binding operation `{name}` matches several overloaded operations of the portType"
                            ),
                        )
                        .with_hint(
                            "name the binding operation's wsdl:input and wsdl:output as the portType operation's are named (WSDL 1.1 section 2.5)",
                        ),
                    );
                    continue;
                }
            };
            if index.is_none() && port_type.is_some() {
                self.diags.push(
                    Diagnostic::error(
                        Code::UnresolvedWsdl,
                        Some(sp),
                        format!(
                            "binding operation `{name}` is not an operation of the bound portType"
                        ),
                    )
                    .with_hint("match the name of a portType operation"),
                );
            }
            let mut bo = BindingOperation {
                name,
                span: sp,
                operation: index,
                soap_action: None,
                style,
                input: None,
                output: None,
                faults: Vec::new(),
            };
            let abstract_op = index.and_then(|i| ops_of_port_type.get(i));
            for c in op.children().filter(|n| n.is_element()) {
                if c.tag_name().namespace() == Some(soap_ns) && c.tag_name().name() == "operation" {
                    bo.soap_action = c.attribute("soapAction").map(str::to_string);
                    if let Some(s) = parse_style(c.attribute("style")) {
                        bo.style = s;
                    }
                    continue;
                }
                if c.tag_name().namespace() != Some(ns::WSDL) {
                    continue;
                }
                match c.tag_name().name() {
                    "input" => {
                        let msg = abstract_op
                            .as_ref()
                            .and_then(|o| o.input.as_ref())
                            .and_then(|m| m.message);
                        bo.input = Some(self.binding_message(file, c, soap_ns, msg));
                    }
                    "output" => {
                        let msg = abstract_op
                            .as_ref()
                            .and_then(|o| o.output.as_ref())
                            .and_then(|m| m.message);
                        bo.output = Some(self.binding_message(file, c, soap_ns, msg));
                    }
                    "fault" => {
                        let mut use_ = Use::Literal;
                        for f in children_in(c, soap_ns).filter(|n| n.tag_name().name() == "fault")
                        {
                            use_ = self.use_attr(file, f);
                        }
                        bo.faults.push(BindingFault {
                            name: c.attribute("name").unwrap_or("").to_string(),
                            use_,
                        });
                    }
                    _ => {}
                }
            }
            operations.push(bo);
        }
        let b = self.model.bindings.get_mut(id);
        b.port_type = port_type;
        b.soap_version = soap_version;
        b.style = style;
        b.transport = transport;
        b.operations = operations;
        b.mtom = mtom;
    }

    fn report_missing_policies(&mut self, file: FileId, node: Node<'a, 'a>, missing: Vec<String>) {
        for uri in missing {
            let sp = self.sp(file, node);
            self.diags.push(
                Diagnostic::warning(Code::UnresolvedPolicy, Some(sp), format!("policy `{uri}` is not defined in the loaded documents"))
                    .with_hint("MTOM policy assertions inside it are not seen; set MTOM explicitly if the service needs it"),
            );
        }
    }

    fn use_attr(&mut self, file: FileId, node: Node<'a, 'a>) -> Use {
        match node.attribute("use") {
            Some("encoded") => {
                let sp = self.sp(file, node);
                self.diags.push(
                    Diagnostic::error(Code::EncodedUse, Some(sp), "SOAP encoding (use=\"encoded\") is not supported")
                        .with_hint("soapstone supports literal use only (WS-I Basic Profile); ask for a document/literal or rpc/literal WSDL"),
                );
                Use::Encoded
            }
            _ => Use::Literal,
        }
    }

    fn soap_body(
        &mut self,
        file: FileId,
        node: Node<'a, 'a>,
        message: Option<MessageId>,
    ) -> SoapBody {
        let use_ = self.use_attr(file, node);
        let parts = node
            .attribute("parts")
            .map(|p| p.split_whitespace().map(str::to_string).collect::<Vec<_>>());
        if let (Some(parts), Some(m)) = (&parts, message) {
            for p in parts {
                self.check_part(file, node, m, p, "soap:body parts");
            }
        }
        SoapBody {
            use_,
            parts,
            namespace: node.attribute("namespace").map(str::to_string),
            span: self.sp(file, node),
        }
    }

    fn check_part(
        &mut self,
        file: FileId,
        node: Node<'a, 'a>,
        message: MessageId,
        part: &str,
        what: &str,
    ) {
        let m = &self.model.messages[message];
        if m.parts.iter().any(|p| p.name == part) {
            return;
        }
        let names = part_names(m).join(", ");
        let msg_name = m.name.clone();
        let sp = self.sp(file, node);
        self.diags.push(
            Diagnostic::error(
                Code::UnknownPart,
                Some(sp),
                format!("{what} names part `{part}`, but message `{msg_name}` has no such part"),
            )
            .with_hint(format!("the message's parts are: {names}")),
        );
    }

    fn soap_header(&mut self, file: FileId, node: Node<'a, 'a>) -> SoapHeader {
        let message = self.lookup(file, node, "message", "message", |b| &b.messages);
        let part = node.attribute("part").unwrap_or("").to_string();
        if let Some(m) = message {
            self.check_part(file, node, m, &part, "soap:header");
        }
        let use_ = self.use_attr(file, node);
        SoapHeader {
            message,
            part,
            use_,
            span: self.sp(file, node),
        }
    }

    fn binding_message(
        &mut self,
        file: FileId,
        node: Node<'a, 'a>,
        soap_ns: &'static str,
        message: Option<MessageId>,
    ) -> BindingMessage {
        let mut bm = BindingMessage::default();
        for c in node.children().filter(|n| n.is_element()) {
            if c.tag_name().namespace() == Some(soap_ns) {
                match c.tag_name().name() {
                    "body" => bm.body = Some(self.soap_body(file, c, message)),
                    "header" => {
                        let h = self.soap_header(file, c);
                        bm.headers.push(h);
                    }
                    _ => {}
                }
            } else if is(c, ns::WSDL_MIME, "multipartRelated") {
                let mut parts = Vec::new();
                for mp in children_in(c, ns::WSDL_MIME).filter(|n| n.tag_name().name() == "part") {
                    let mut part = MimePart::default();
                    for pc in mp.children().filter(|n| n.is_element()) {
                        if pc.tag_name().namespace() == Some(soap_ns) {
                            match pc.tag_name().name() {
                                "body" => part.body = Some(self.soap_body(file, pc, message)),
                                "header" => {
                                    let h = self.soap_header(file, pc);
                                    part.headers.push(h);
                                }
                                _ => {}
                            }
                        } else if is(pc, ns::WSDL_MIME, "content") {
                            let p = pc.attribute("part").map(str::to_string);
                            if let (Some(p), Some(m)) = (&p, message) {
                                self.check_part(file, pc, m, p, "mime:content");
                            }
                            part.contents.push(MimeContent {
                                part: p,
                                content_type: pc.attribute("type").map(str::to_string),
                                span: self.sp(file, pc),
                            });
                        } else if is(pc, ns::WSDL_MIME, "mimeXml") {
                            let p = pc.attribute("part").map(str::to_string);
                            if let (Some(p), Some(m)) = (&p, message) {
                                self.check_part(file, pc, m, p, "mime:mimeXml");
                            }
                            part.mime_xml = p;
                        }
                    }
                    if part.body.is_some() && bm.body.is_none() {
                        bm.body = part.body.clone();
                    }
                    bm.headers.extend(part.headers.iter().cloned());
                    parts.push(part);
                }
                bm.mime = Some(parts);
            }
        }
        bm
    }

    fn fill_service(&mut self, file: FileId, node: Node<'a, 'a>, id: ServiceId) {
        let mut ports = Vec::new();
        for p in children_in(node, ns::WSDL).filter(|n| n.tag_name().name() == "port") {
            let binding = self.lookup(file, p, "binding", "binding", |b| &b.bindings);
            let address = p
                .children()
                .find(|c| {
                    is(*c, ns::WSDL_SOAP11, "address")
                        || is(*c, ns::WSDL_SOAP12, "address")
                        || is(*c, ns::WSDL_HTTP, "address")
                })
                .and_then(|a| a.attribute("location"))
                .map(str::to_string);
            let (own, missing) = self.policies.attached(p);
            self.report_missing_policies(file, p, missing);
            let mtom = binding
                .map(|b| self.model.bindings[b].mtom)
                .unwrap_or(MtomPolicy::None)
                .max(own);
            ports.push(Port {
                name: p.attribute("name").unwrap_or("").to_string(),
                span: self.sp(file, p),
                binding,
                address,
                mtom,
            });
        }
        self.model.services.get_mut(id).ports = ports;
    }
}

fn parse_style(value: Option<&str>) -> Option<Style> {
    match value.map(str::trim) {
        Some("rpc") => Some(Style::Rpc),
        Some("document") => Some(Style::Document),
        _ => None,
    }
}

fn schema_hint(model: &Model, namespace: &str) -> String {
    if model.schema_namespaces.iter().any(|n| n == namespace) {
        format!("no declaration of that name in namespace `{namespace}`; check the spelling or the prefix")
    } else {
        format!("no schema for namespace `{namespace}` was loaded: add it to <wsdl:types>, an xs:import with a schemaLocation, or a catalog entry")
    }
}

/// Which portType operation a binding operation binds.
enum Bound {
    One(usize),
    None,
    Ambiguous,
}

/// The portType operation `binding_op` (named `name`) binds: the one of
/// that name; among overloaded ones (WSDL 1.1 §2.4.5), the one whose input
/// and output names match those the binding operation gives, absent names
/// taking their defaults (`{op}Request`/`{op}Response`, `{op}` alone for a
/// one-way or notification operation).
fn bound_operation(ops: &[Operation], name: &str, binding_op: Node<'_, '_>) -> Bound {
    let named: Vec<usize> = (0..ops.len()).filter(|&i| ops[i].name == name).collect();
    match named.as_slice() {
        [] => return Bound::None,
        [one] => return Bound::One(*one),
        _ => {}
    }
    let given = |which: &str| {
        children_in(binding_op, ns::WSDL)
            .find(|n| n.tag_name().name() == which)
            .map(|n| n.attribute("name"))
    };
    let (input, output) = (given("input"), given("output"));
    let matching: Vec<usize> = named
        .into_iter()
        .filter(|&i| {
            let op = &ops[i];
            let both = op.input.is_some() && op.output.is_some();
            let effective = |m: &Option<OperationMessage>, suffix: &str| {
                m.as_ref().map(|m| {
                    m.name.clone().unwrap_or_else(|| {
                        if both {
                            format!("{name}{suffix}")
                        } else {
                            name.to_string()
                        }
                    })
                })
            };
            let agrees = |given: Option<Option<&str>>, own: Option<String>| match (given, own) {
                (None, None) => true,
                (Some(Some(g)), Some(o)) => g == o,
                // Present without a name: it matches on presence alone.
                (Some(None), Some(_)) => true,
                _ => false,
            };
            agrees(input, effective(&op.input, "Request"))
                && agrees(output, effective(&op.output, "Response"))
        })
        .collect();
    match matching.as_slice() {
        [one] => Bound::One(*one),
        [] => Bound::None,
        _ => Bound::Ambiguous,
    }
}
