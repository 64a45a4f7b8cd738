//! The SOAP client used by generated bindings (feature `client`).
//!
//! One [`Client`] per endpoint: SOAP version, MTOM on/off with a threshold,
//! timeout, extra HTTP headers and SOAP header blocks, limits. A call sends
//! the request as a streamed body with a known Content-Length, sets
//! `SOAPAction` (1.1) or `action` (1.2) per E1/E2, and reads the response
//! through the streaming reader, plain, MTOM or SwA whatever was sent
//! (D13). Operations whose WSDL MIME binding puts parts beside the envelope
//! send SwA packages ([`Client::invoke_parts`]).

pub use crate::bind::FaultDetail;
use crate::bind::{
    body_element, body_entry, not_understood, package_envelope, shared_source, write_body, DeError,
    Document, Encoding, NamedPart, ReadCtx, ReadOptions, UnderstoodHeaders, XmlComplex, XmlNode,
};
use crate::mime::writer::Package;
use crate::operation::OperationInfo;
use crate::soap::{Fault, SoapVersion};
use crate::{Binary, Limits, Message, SharedStr};
use futures_util::TryStreamExt;
use std::time::Duration;

/// Why a call did not return the operation's output.
#[derive(Debug, thiserror::Error)]
pub enum CallError<F: std::fmt::Debug> {
    /// The request could not be built (e.g. a header value with CR/LF, C7).
    #[error("cannot build the request: {0}")]
    Request(crate::Error),
    /// The operation cannot be called this way (e.g. `invoke` on a one-way
    /// operation).
    #[error("{0}")]
    Operation(String),
    /// No HTTP exchange (connection refused, timeout, ...).
    #[error("transport: {0}")]
    Transport(String),
    /// An HTTP error status without a SOAP fault in the body.
    #[error("HTTP {status}: {body}")]
    Http {
        /// The status code.
        status: u16,
        /// The start of the body, for the message.
        body: String,
    },
    /// A response that is not SOAP (wrong Content-Type or not an envelope).
    #[error("not a SOAP response ({content_type}): {reason}")]
    NotSoap {
        /// The response Content-Type.
        content_type: String,
        /// What was wrong.
        reason: String,
    },
    /// The response package could not be read (limits, framing, XOP).
    #[error("bad response package: {0}")]
    Package(crate::Error),
    /// The response envelope did not match the operation's output type.
    #[error("bad response body: {0}")]
    Body(DeError),
    /// The response carries header blocks aimed at this client, marked
    /// `mustUnderstand`, that it does not declare it processes (SOAP 1.1
    /// §4.2.3, SOAP 1.2 Part 1 §5.2.3): the response is not read. Declare
    /// the blocks the application handles with
    /// [`Client::understood_header`] or [`Client::understood_namespace`].
    #[error("the response has header blocks that must be understood: {}", names(.headers))]
    NotUnderstood {
        /// Each such block's (namespace, local name).
        headers: Vec<(String, String)>,
    },
    /// The response lacks a MIME part its binding declares (WSDL MIME
    /// binding: a `mime:content` or `mime:mimeXml` part, SwA).
    #[error("the response has no MIME part {0:?}, which the binding declares")]
    MissingPart(String),
    /// A SOAP fault, with its detail read as the operation's fault type
    /// when it matches one.
    #[error("SOAP fault: {}", .fault.reason)]
    Fault {
        /// The fault.
        fault: Box<Fault>,
        /// The typed detail, when the detail element is one the operation declares.
        detail: Option<F>,
    },
}

/// `{ns}local, ...` for an error message.
fn names(headers: &[(String, String)]) -> String {
    headers
        .iter()
        .map(|(ns, local)| format!("{{{ns}}}{local}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A SOAP endpoint.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    endpoint: String,
    version: SoapVersion,
    encoding: Encoding,
    headers: Vec<(String, String)>,
    /// Header blocks as XML, or why one could not be written (reported
    /// by the next request, so the builder methods stay infallible).
    soap_headers: Vec<Result<String, String>>,
    /// Response header blocks the application processes.
    understood: UnderstoodHeaders,
    limits: Limits,
    timeout: Option<Duration>,
}

/// How long a client waits to connect, unless told otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a client waits for the next bytes of a response, unless told
/// otherwise ([`Client::idle_timeout`]).
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(120);

/// The HTTP client: connecting bounded by [`DEFAULT_CONNECT_TIMEOUT`],
/// each read by `idle`.
fn http_client(idle: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .read_timeout(idle)
        .build()
        // Building fails only when TLS cannot be set up; the plain client
        // then reports that on each request.
        .unwrap_or_default()
}

impl Client {
    /// A client for `endpoint` speaking `version`, MTOM off. A server that
    /// does not accept the connection within [`DEFAULT_CONNECT_TIMEOUT`],
    /// or goes [`DEFAULT_IDLE_TIMEOUT`] without sending, fails the call with
    /// [`CallError::Transport`]; [`timeout`](Self::timeout) bounds the whole
    /// exchange.
    pub fn new(endpoint: impl Into<String>, version: SoapVersion) -> Self {
        Client {
            http: http_client(DEFAULT_IDLE_TIMEOUT),
            endpoint: endpoint.into(),
            version,
            encoding: Encoding::Inline,
            headers: Vec::new(),
            soap_headers: Vec::new(),
            understood: UnderstoodHeaders::default(),
            limits: Limits::default(),
            timeout: None,
        }
    }

    /// Speaks `version` (generated clients set their binding's).
    pub fn soap_version(mut self, version: SoapVersion) -> Self {
        self.version = version;
        self
    }

    /// MTOM on (binaries above `threshold` bytes become parts) or off.
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// A timeout for the whole exchange.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest wait for the next bytes of a response (default
    /// [`DEFAULT_IDLE_TIMEOUT`]). Sets up a new connection pool.
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.http = http_client(idle);
        self
    }

    /// An extra HTTP header on every request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A SOAP header block (serialized XML element) on every request.
    pub fn soap_header(mut self, xml: impl Into<String>) -> Self {
        self.soap_headers.push(Ok(xml.into()));
        self
    }

    /// A typed SOAP header block `{ns}local` (a generated type: the WSDL's
    /// `soap:header` elements, listed in `OperationInfo::input_headers`) on
    /// every request; its binaries travel inline. When it cannot be written
    /// (a binary whose file is gone), every request fails with that error.
    pub fn header_block<T: XmlComplex>(mut self, ns: &str, local: &str, value: &T) -> Self {
        self.soap_headers.push(
            crate::bind::to_xml(value, ns, local)
                .map_err(|e| format!("header block {{{ns}}}{local}: {e}")),
        );
        self
    }

    /// Declares that the application processes response header block
    /// `{ns}local` (reading it from the message
    /// [`invoke_with`](Self::invoke_with) returns). A response carrying a
    /// block aimed at this client with `mustUnderstand` true that is not
    /// declared is [`CallError::NotUnderstood`]; [`invoke`](Self::invoke)
    /// also accepts the operation's own output headers
    /// ([`OperationInfo::output_headers`]).
    pub fn understood_header(mut self, ns: &str, local: &str) -> Self {
        self.understood.add(ns, local);
        self
    }

    /// Declares that the application processes every response header
    /// block of namespace `ns` (e.g. WS-Security, checked by a layer of its
    /// own).
    pub fn understood_namespace(mut self, ns: &str) -> Self {
        self.understood.add_namespace(ns);
        self
    }

    /// Limits for reading responses.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The endpoint URL.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The SOAP version requests use.
    pub fn version(&self) -> SoapVersion {
        self.version
    }

    /// How requests carry binaries.
    pub fn encoding_used(&self) -> Encoding {
        self.encoding
    }

    /// Builds the request package for `value` as body element `name`, with
    /// `attachments` as unreferenced parts (D12).
    pub fn package<T: XmlComplex>(
        &self,
        name: (&str, &str),
        value: &T,
        action: &str,
        attachments: &[Binary],
    ) -> crate::Result<Package> {
        self.package_parts(name, value, action, &[], attachments)
    }

    /// [`package`](Self::package) with the MIME parts a WSDL MIME binding
    /// puts beside the envelope: with any, the request is a SwA package
    /// ([`package_swa`](crate::bind::package_swa)) whatever the client's encoding.
    pub fn package_parts<T: XmlComplex>(
        &self,
        name: (&str, &str),
        value: &T,
        action: &str,
        parts: &[NamedPart<'_>],
        attachments: &[Binary],
    ) -> crate::Result<Package> {
        // SOAP 1.1 always sends SOAPAction, `""` when the binding gives none
        // (WS-I BP R2744/R2745); SOAP 1.2 leaves an empty action out.
        let action = match self.version {
            SoapVersion::V11 => Some(action),
            SoapVersion::V12 => (!action.is_empty()).then_some(action),
        };
        let blocks = self
            .soap_headers
            .iter()
            .map(|b| b.as_deref().map_err(|e| crate::Error::Xml(e.clone())))
            .collect::<crate::Result<Vec<&str>>>()?;
        package_envelope(
            self.version,
            action,
            self.encoding,
            &blocks,
            parts,
            attachments,
            |w| write_body(w, name, value),
        )
    }

    /// Sends a request and returns the raw received message (for callers that
    /// want unreferenced attachments or the response headers).
    pub async fn exchange<F: FaultDetail>(
        &self,
        package: &Package,
    ) -> Result<Message, CallError<F>> {
        self.exchange_allow_empty(package)
            .await?
            .ok_or_else(|| CallError::NotSoap {
                content_type: String::new(),
                reason: "empty response body".into(),
            })
    }

    /// Sends a request; `None` for a 2xx answer with an empty body (one-way
    /// operations, 202 Accepted).
    async fn exchange_allow_empty<F: FaultDetail>(
        &self,
        package: &Package,
    ) -> Result<Option<Message>, CallError<F>> {
        let mut req = self.http.post(&self.endpoint);
        for (k, v) in package.http_headers() {
            req = req.header(k, v);
        }
        // Accept both forms of response (D13), and ask Metro for MTOM.
        req = req.header(
            "Accept",
            "application/xop+xml, multipart/related, text/xml, application/soap+xml",
        );
        for (k, v) in &self.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        if let Some(t) = self.timeout {
            req = req.timeout(t);
        }
        let resp = req
            .body(reqwest::Body::wrap_stream(super::body_stream(package)))
            .send()
            .await
            .map_err(|e| CallError::Transport(e.to_string()))?;
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let ok = (200..300).contains(&status);
        if ok && resp.content_length() == Some(0) {
            return Ok(None);
        }
        let lower = content_type.to_ascii_lowercase();
        let soapish = lower.starts_with("multipart/related")
            || lower.starts_with("text/xml")
            || lower.starts_with("application/soap+xml");
        if !soapish {
            let body = body_start(resp).await;
            if ok && body.trim().is_empty() {
                // 202 Accepted (one-way) without Content-Length.
                return Ok(None);
            }
            let start: String = body.chars().take(200).collect();
            return Err(if ok {
                CallError::NotSoap {
                    content_type,
                    reason: start,
                }
            } else {
                CallError::Http {
                    status,
                    body: start,
                }
            });
        }
        let stream = resp.bytes_stream().map_err(std::io::Error::other);
        let reader = tokio_util::io::StreamReader::new(stream);
        let message =
            match crate::mime::stream::read_message(reader, &content_type, &self.limits).await {
                Ok(m) => m,
                // An error status says more than the body it came with.
                Err(e) if !ok => {
                    return Err(CallError::Http {
                        status,
                        body: format!("unreadable {content_type} body: {e}"),
                    })
                }
                Err(e) => return Err(CallError::Package(e)),
            };
        if !ok {
            // A SOAP fault is one whatever the status (500, or the 400 / 413
            // / 415 servers answer bad requests with); anything else is an
            // HTTP error.
            if let Some(fault) = read_fault(&message, &self.read_options()) {
                return Err(fault);
            }
            let body: String = String::from_utf8_lossy(&message.root_xml)
                .chars()
                .take(200)
                .collect();
            return Err(CallError::Http { status, body });
        }
        Ok(Some(message))
    }

    /// Calls an operation: `input` is the request body element, `output` the
    /// response body element, `action` the soapAction.
    pub async fn call<Req: XmlComplex, Resp: XmlComplex, F: FaultDetail>(
        &self,
        action: &str,
        input: (&str, &str),
        request: &Req,
        output: (&str, &str),
    ) -> Result<Resp, CallError<F>> {
        let package = self
            .package(input, request, action, &[])
            .map_err(CallError::Request)?;
        let message = self.exchange::<F>(&package).await?;
        read_response_understanding(&message, output, &self.read_options(), |ns, local| {
            self.understood.accepts(ns, local)
        })
    }

    /// The response's `mime:mimeXml` part named `name`, read as `T` (its
    /// root element `{ns}local`) within the client's limits.
    ///
    /// # Errors
    /// [`CallError::MissingPart`] when there is no such part, else as
    /// [`response_part`]; [`CallError::Body`] when the part is not that
    /// element's document.
    pub fn response_xml_part<T: XmlComplex, F: FaultDetail>(
        &self,
        message: &Message,
        name: &str,
        ns: &str,
        local: &str,
    ) -> Result<T, CallError<F>> {
        let part = response_part(message, name)?;
        crate::bind::read_xml_part(&part, ns, local, &self.read_options()).map_err(CallError::Body)
    }

    /// Bounds for reading response envelopes, from the client's limits.
    fn read_options(&self) -> ReadOptions {
        ReadOptions::from(&self.limits)
    }

    /// Calls a generated operation (its [`OperationInfo`] constant): the
    /// request as the operation's input element, the response read as its
    /// output element, a fault's detail read as `F`.
    pub async fn invoke<Req: XmlComplex, Resp: XmlComplex, F: FaultDetail>(
        &self,
        op: &OperationInfo,
        request: &Req,
    ) -> Result<Resp, CallError<F>> {
        self.invoke_with(op, request, &[]).await.map(|(r, _)| r)
    }

    /// Like [`invoke`](Self::invoke), also sending `attachments` as
    /// unreferenced parts (e.g. taken from an
    /// [`AttachmentStore`](crate::AttachmentStore) by root document id), and
    /// returning the received message with every attachment, referenced or
    /// not.
    pub async fn invoke_with<Req: XmlComplex, Resp: XmlComplex, F: FaultDetail>(
        &self,
        op: &OperationInfo,
        request: &Req,
        attachments: &[Binary],
    ) -> Result<(Resp, Message), CallError<F>> {
        self.invoke_parts(op, request, &[], attachments).await
    }

    /// Calls an operation whose WSDL MIME binding sends `parts` beside the
    /// envelope (SwA; see [`package_parts`](Self::package_parts)), with
    /// `attachments` as unreferenced parts; returns the response body and
    /// the received message, whose parts [`response_part`] takes by name.
    pub async fn invoke_parts<Req: XmlComplex, Resp: XmlComplex, F: FaultDetail>(
        &self,
        op: &OperationInfo,
        request: &Req,
        parts: &[NamedPart<'_>],
        attachments: &[Binary],
    ) -> Result<(Resp, Message), CallError<F>> {
        let (Some(input), Some(output)) = (op.input, op.output) else {
            return Err(CallError::Operation(format!(
                "operation {} is not request-response",
                op.name
            )));
        };
        let package = self
            .package_parts(input, request, op.action, parts, attachments)
            .map_err(CallError::Request)?;
        let message = self.exchange::<F>(&package).await?;
        let value =
            read_response_understanding(&message, output, &self.read_options(), |ns, local| {
                self.understood.accepts(ns, local) || op.output_headers.contains(&(ns, local))
            })?;
        Ok((value, message))
    }

    /// Calls a one-way operation (no output message): success is any 2xx
    /// answer that is not a fault.
    pub async fn invoke_one_way<Req: XmlComplex, F: FaultDetail>(
        &self,
        op: &OperationInfo,
        request: &Req,
    ) -> Result<(), CallError<F>> {
        self.invoke_one_way_parts(op, request, &[]).await
    }

    /// [`invoke_one_way`](Self::invoke_one_way) with the MIME parts the
    /// operation's WSDL MIME binding sends beside the envelope (SwA).
    pub async fn invoke_one_way_parts<Req: XmlComplex, F: FaultDetail>(
        &self,
        op: &OperationInfo,
        request: &Req,
        parts: &[NamedPart<'_>],
    ) -> Result<(), CallError<F>> {
        let Some(input) = op.input else {
            return Err(CallError::Operation(format!(
                "operation {} has no input",
                op.name
            )));
        };
        let package = self
            .package_parts(input, request, op.action, parts, &[])
            .map_err(CallError::Request)?;
        let message = self.exchange_allow_empty::<F>(&package).await?;
        match message {
            Some(m) if !m.root_xml.is_empty() => match read_fault::<F>(&m, &self.read_options()) {
                Some(e) => Err(e),
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }
}

/// The part named `name` of a received SwA message (WS-I AP Content-ID
/// `<name=...>`, A10), its bytes shared with the message;
/// [`CallError::MissingPart`] when there is none.
pub fn response_part<F: FaultDetail>(
    message: &Message,
    name: &str,
) -> Result<Binary, CallError<F>> {
    message
        .part_data(name)
        .map_err(CallError::Package)?
        .ok_or_else(|| CallError::MissingPart(name.to_string()))
}

/// [`response_part`] for a part the message may lack: one of `mime:content`
/// alternatives that name different parts, of which a sender sends one.
pub fn optional_response_part<F: FaultDetail>(
    message: &Message,
    name: &str,
) -> Result<Option<Binary>, CallError<F>> {
    message.part_data(name).map_err(CallError::Package)
}

/// Reads a response message: the output element, or a fault with its typed detail.
pub fn read_response<Resp: XmlComplex, F: FaultDetail>(
    message: &Message,
    output: (&str, &str),
) -> Result<Resp, CallError<F>> {
    read_response_with(message, output, &ReadOptions::default())
}

/// [`read_response`] with bounds for the envelope (depth, attributes).
pub fn read_response_with<Resp: XmlComplex, F: FaultDetail>(
    message: &Message,
    output: (&str, &str),
    opts: &ReadOptions,
) -> Result<Resp, CallError<F>> {
    read_response_understanding(message, output, opts, |_, _| false)
}

/// [`read_response_with`] for a client that processes the header blocks
/// `understood(ns, local)` accepts. A fault is returned as one; otherwise
/// a block aimed at this client, marked `mustUnderstand`, that it does not
/// accept is [`CallError::NotUnderstood`] and the body is not read
/// ([`read_response`] and [`read_response_with`] accept none).
pub fn read_response_understanding<Resp: XmlComplex, F: FaultDetail>(
    message: &Message,
    output: (&str, &str),
    opts: &ReadOptions,
    understood: impl Fn(&str, &str) -> bool,
) -> Result<Resp, CallError<F>> {
    let src = shared_source(message.root_xml.clone());
    let doc = parse_root(&src, opts)?;
    let (body, name) = body_entry(doc.root()).map_err(CallError::Body)?;
    if let Some(fault) = fault_of(body, message) {
        return Err(fault);
    }
    let blocks = not_understood(doc.root(), understood).map_err(CallError::Body)?;
    if !blocks.is_empty() {
        return Err(CallError::NotUnderstood {
            headers: blocks
                .iter()
                .map(|b| (b.ns().to_string(), b.local().to_string()))
                .collect(),
        });
    }
    if name != output {
        return Err(CallError::Body(DeError::at(
            body,
            format!(
                "expected {}, found {}",
                crate::bind::describe_body(output),
                crate::bind::describe_body(name)
            ),
        )));
    }
    let ctx = ReadCtx {
        message: Some(message),
    };
    Resp::read(body, &ctx).map_err(CallError::Body)
}

/// Parses the response's root part, held as a shared string (from
/// [`shared_source`]): text fields of type `SharedStr` read from it share
/// the response's buffer.
fn parse_root<'s, F: FaultDetail>(
    src: &'s Result<SharedStr, DeError>,
    opts: &ReadOptions,
) -> Result<Document<'s>, CallError<F>> {
    src.as_ref()
        .map_err(Clone::clone)
        .and_then(|src| Document::parse_shared(src, opts))
        .map_err(|e| CallError::NotSoap {
            content_type: String::new(),
            reason: e.to_string(),
        })
}

/// The fault in a response, with its detail read as `F` when it is one of
/// the operation's; `None` when the body is not a fault (nor an envelope).
fn read_fault<F: FaultDetail>(message: &Message, opts: &ReadOptions) -> Option<CallError<F>> {
    let src = shared_source(message.root_xml.clone());
    let doc = parse_root::<F>(&src, opts).ok()?;
    fault_of(body_element(doc.root()).ok()?, message)
}

/// Most bytes of a response that is not SOAP read for the error message;
/// the rest is dropped with the connection.
const NOT_SOAP_BODY_LIMIT: usize = 4096;

/// The start of a response body that is not SOAP (at most
/// [`NOT_SOAP_BODY_LIMIT`] bytes, however long the body is), as text.
async fn body_start(resp: reqwest::Response) -> String {
    let mut stream = resp.bytes_stream();
    let mut start = Vec::new();
    while start.len() < NOT_SOAP_BODY_LIMIT {
        match stream.try_next().await {
            Ok(Some(chunk)) => {
                let room = NOT_SOAP_BODY_LIMIT - start.len();
                start.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            _ => break,
        }
    }
    String::from_utf8_lossy(&start).into_owned()
}

/// The fault `body` is, if it is one.
fn fault_of<F: FaultDetail>(body: XmlNode<'_>, message: &Message) -> Option<CallError<F>> {
    if !(body.local() == "Fault"
        && (body.ns() == crate::xml::SOAP11_NS || body.ns() == crate::xml::SOAP12_NS))
    {
        return None;
    }
    let ctx = ReadCtx {
        message: Some(message),
    };
    let fault = message
        .fault()
        .ok()
        .flatten()
        .unwrap_or_else(|| Fault::new(crate::soap::FaultCode::Receiver, "unreadable fault"));
    let detail = body
        .children()
        .find(|c| c.local().eq_ignore_ascii_case("detail"))
        .and_then(|d| F::from_detail(d, &ctx));
    Some(CallError::Fault {
        fault: Box::new(fault),
        detail,
    })
}
