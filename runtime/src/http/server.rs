//! The SOAP server used by generated bindings (feature `server`).
//!
//! A [`Service`] maps body elements to typed handlers and becomes an axum
//! [`Router`]. When operations share a body element, the request's action
//! (`SOAPAction` in SOAP 1.1, the `action` parameter in SOAP 1.2) chooses.
//! Request bodies stream into the reader (large parts spill to disk); responses go out as the package's chunks. MTOM per endpoint:
//! always, never, or mirror the request (the default). Plain SOAP is accepted
//! on MTOM endpoints (D13). Bad requests become SOAP faults: 413 over a size
//! limit and 415 not SOAP; otherwise SOAP 1.1 faults are 500 (SOAP 1.1 §6.2,
//! WS-I BP R1126) and SOAP 1.2 faults 400 when the sender is at fault, else
//! 500 (SOAP 1.2 Part 2 §7.5.2.2). An envelope of an unknown version gets a
//! VersionMismatch fault; a header block marked `mustUnderstand` that the
//! endpoint does not declare gets a MustUnderstand fault before any handler
//! runs. The WSDL can be served at `?wsdl`.

use crate::bind::{
    package_envelope, Document, Encoding, NamedPart, ReadCtx, ReadOptions, XmlComplex, XmlNode,
    XmlWriter,
};
use crate::mime::writer::{plain, Package};
use crate::soap::{Fault, FaultCode, SoapVersion};
use crate::{Attachment, AttachmentStore, Binary, Limits, Message, PackageKind};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use futures_util::StreamExt;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Most bytes of a refused request read and dropped before answering.
const DRAIN_LIMIT: u64 = 8 << 20;

/// How responses carry binaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMtom {
    /// MTOM when the request was MTOM (the default).
    Mirror {
        /// Optimize binaries larger than this many bytes.
        threshold: u64,
    },
    /// Always MTOM.
    Always {
        /// Optimize binaries larger than this many bytes.
        threshold: u64,
    },
    /// Never: binaries inline.
    Never,
}

impl Default for ResponseMtom {
    fn default() -> Self {
        ResponseMtom::Mirror { threshold: 1024 }
    }
}

/// What a handler sees besides the typed request.
#[derive(Debug, Clone)]
pub struct RequestCtx {
    /// The received message: root document id, every attachment (referenced
    /// and unreferenced, D12), action.
    pub message: Arc<Message>,
    /// SOAP version of the request (the response uses it too).
    pub version: SoapVersion,
    response: Arc<Mutex<Option<Option<u64>>>>,
    extra: Arc<Mutex<Vec<Binary>>>,
    /// MIME parts for a SwA response, by `wsdl:part` name and media type.
    parts: Arc<Mutex<Vec<(String, String, Binary)>>>,
    store: Arc<AttachmentStore>,
    keep: Arc<AtomicBool>,
    /// The bounds the request was read with.
    read_options: crate::bind::ReadOptions,
}

impl RequestCtx {
    /// Overrides the endpoint's response MTOM for this response: `Some(threshold)`
    /// for MTOM, `None` for inline.
    pub fn respond_with_mtom(&self, threshold: Option<u64>) {
        if let Ok(mut r) = self.response.lock() {
            *r = Some(threshold);
        }
    }

    /// The request's root document id: its attachments are in
    /// [`store`](Self::store) under this id while the request is handled.
    pub fn root_document_id(&self) -> &str {
        &self.message.root_document_id
    }

    /// The endpoint's attachment store.
    pub fn store(&self) -> &Arc<AttachmentStore> {
        &self.store
    }

    /// The request's attachments no element references (D12); referenced
    /// ones reach the handler through the typed fields. The parts a WSDL
    /// MIME binding puts beside the envelope (SwA) are unreferenced too,
    /// though a generated handler also gets them as its typed parts.
    pub fn unreferenced(&self) -> Vec<Attachment> {
        self.store
            .get(self.root_document_id())
            .unwrap_or_default()
            .into_iter()
            .filter(|a| a.referenced_by.is_none())
            .collect()
    }

    /// Reads the request's SOAP header block `{ns}local` as `T` (a
    /// generated type), `None` when the request has none.
    pub fn header<T: XmlComplex>(
        &self,
        ns: &str,
        local: &str,
    ) -> Result<Option<T>, crate::bind::DeError> {
        crate::bind::header_from_message_with(&self.message, ns, local, &self.read_options)
    }

    /// Keeps this request's attachments in the store after the response
    /// (by default they leave it, and spilled files are deleted, when the
    /// request is done); remove them with [`AttachmentStore::remove`].
    pub fn keep_attachments(&self) {
        self.keep.store(true, Ordering::Relaxed);
    }

    /// The request's MIME part named `name` by its WS-I AP Content-ID
    /// `<name=...>` (A10): a part its WSDL MIME binding puts beside the
    /// envelope (SwA). Its absence, or several parts of that name, is the
    /// sender's fault.
    // The error is the fault a handler answers with (handlers return
    // `Result<_, Fault>`, so `?` passes it on unboxed).
    #[allow(clippy::result_large_err)]
    pub fn part(&self, name: &str) -> Result<Binary, Fault> {
        match self.message.part_data(name) {
            Ok(Some(part)) => Ok(part),
            Ok(None) => Err(Fault::new(
                FaultCode::Sender,
                format!("the request has no MIME part {name:?}, which the binding declares"),
            )),
            Err(e) => Err(Fault::from_error(&e)),
        }
    }

    /// [`part`](Self::part) for a part the request may lack: one of
    /// `mime:content` alternatives that name different parts, of which a
    /// sender sends one.
    #[allow(clippy::result_large_err)]
    pub fn optional_part(&self, name: &str) -> Result<Option<Binary>, Fault> {
        self.message
            .part_data(name)
            .map_err(|e| Fault::from_error(&e))
    }

    /// The request's `mime:mimeXml` part named `name`, read as `T` (its
    /// root element `{ns}local`); a missing or unreadable part is the
    /// sender's fault.
    #[allow(clippy::result_large_err)]
    pub fn xml_part<T: XmlComplex>(&self, name: &str, ns: &str, local: &str) -> Result<T, Fault> {
        crate::bind::read_xml_part(&self.part(name)?, ns, local, &self.read_options).map_err(|e| {
            Fault::new(
                FaultCode::Sender,
                format!("MIME part {name:?} is not the XML the binding declares: {e}"),
            )
        })
    }

    /// Sends `value` as the response's `mime:mimeXml` part named `name`,
    /// its root element `{ns}local` (see [`attach_part`](Self::attach_part));
    /// a value that cannot be written is this endpoint's fault.
    #[allow(clippy::result_large_err)]
    pub fn attach_xml_part<T: XmlComplex>(
        &self,
        name: &str,
        value: &T,
        ns: &str,
        local: &str,
    ) -> Result<(), Fault> {
        let part = crate::bind::xml_part(value, ns, local)
            .map_err(|e| Fault::new(FaultCode::Receiver, format!("MIME part {name:?}: {e}")))?;
        // The part carries its media type (`text/xml`) already.
        self.attach_part(name, "", part);
        Ok(())
    }

    /// Sends `binary` as the response's MIME part named `name` (WSDL MIME
    /// binding, SwA), with `media_type` when it carries no content type:
    /// the response is then a SwA package, its binaries inline, whatever
    /// the MTOM setting. A one-way operation has no response: there,
    /// nothing is sent.
    pub fn attach_part(&self, name: &str, media_type: &str, binary: Binary) {
        if let Ok(mut p) = self.parts.lock() {
            p.push((name.to_string(), media_type.to_string(), binary));
        }
    }

    /// Sends `binary` with the response as an unreferenced part (e.g. an
    /// attachment taken from the store by root document id). The response is
    /// then an XOP package whatever the MTOM setting. A one-way operation
    /// has no response: there, nothing is sent.
    pub fn attach(&self, binary: Binary) {
        if let Ok(mut e) = self.extra.lock() {
            e.push(binary);
        }
    }
}

/// A request's attachments in the store while it is handled: removed on
/// drop unless the handler kept them.
struct StoreEntry {
    store: Arc<AttachmentStore>,
    id: String,
    keep: Arc<AtomicBool>,
}

impl Drop for StoreEntry {
    fn drop(&mut self) {
        if !self.keep.load(Ordering::Relaxed) {
            self.store.remove(&self.id);
        }
    }
}

/// A response body, type-erased.
pub trait ResponseBody: Send {
    /// Writes the body element.
    fn write(&self, w: &mut XmlWriter<'_>) -> crate::Result<()>;
}

struct Typed<T> {
    name: (&'static str, &'static str),
    value: T,
}

impl<T: XmlComplex + Send> ResponseBody for Typed<T> {
    fn write(&self, w: &mut XmlWriter<'_>) -> crate::Result<()> {
        crate::bind::write_body(w, self.name, &self.value)
    }
}

/// The handler's answer: a response body, nothing (one-way: 202 Accepted),
/// or a fault.
type Reply = Result<Option<Box<dyn ResponseBody>>, Fault>;
type BoxFuture = Pin<Box<dyn Future<Output = Reply> + Send>>;
type Handler = Arc<dyn Fn(XmlNode<'_>, RequestCtx) -> Result<BoxFuture, Box<Fault>> + Send + Sync>;

/// Reads the request body element as `Req`; a mismatch is the sender's fault.
fn read_request<Req: XmlComplex>(body: XmlNode<'_>, ctx: &RequestCtx) -> Result<Req, Box<Fault>> {
    let read_ctx = ReadCtx {
        message: Some(&ctx.message),
    };
    Req::read(body, &read_ctx).map_err(|e| {
        Box::new(Fault::new(
            FaultCode::Sender,
            format!("bad request body: {e}"),
        ))
    })
}

/// An operation's handler and the action it is bound to (`None`: none; it
/// answers an empty action, and any action no other operation is bound to).
#[derive(Clone)]
struct Route {
    action: Option<&'static str>,
    handler: Handler,
}

/// A SOAP endpoint: operations by request body element, then by action
/// when several take the same element.
#[derive(Clone, Default)]
pub struct Service {
    handlers: HashMap<(String, String), Vec<Route>>,
    /// Header blocks the endpoint processes.
    understood: crate::bind::UnderstoodHeaders,
    mtom: ResponseMtom,
    limits: Limits,
    wsdl: Option<Arc<str>>,
    spill_dir: Option<std::path::PathBuf>,
    store: Arc<AttachmentStore>,
    /// Longest wait for the next bytes of a request body (`None`:
    /// [`DEFAULT_REQUEST_IDLE`]).
    request_idle: Option<std::time::Duration>,
}

/// How long an endpoint waits for the next bytes of a request body unless
/// told otherwise ([`Service::request_idle_timeout`]).
pub const DEFAULT_REQUEST_IDLE: std::time::Duration = std::time::Duration::from_secs(60);

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field(
                "operations",
                &self
                    .handlers
                    .iter()
                    .flat_map(|(k, routes)| routes.iter().map(move |r| (k, r.action)))
                    .collect::<Vec<_>>(),
            )
            .field("understood_headers", &self.understood)
            .field("mtom", &self.mtom)
            .finish()
    }
}

impl Service {
    /// An endpoint with no operations, MTOM mirroring the request.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an operation: requests whose body element is `input` are read as
    /// `Req` and answered with `output` from the handler (or its fault).
    /// Registering `input` again replaces the handler.
    pub fn operation<Req, Resp, Fut, H>(
        self,
        input: (&'static str, &'static str),
        output: (&'static str, &'static str),
        handler: H,
    ) -> Self
    where
        Req: XmlComplex + Send + 'static,
        Resp: XmlComplex + Send + 'static,
        Fut: Future<Output = Result<Resp, Fault>> + Send + 'static,
        H: Fn(Req, RequestCtx) -> Fut + Send + Sync + 'static,
    {
        self.operation_with_action("", input, output, handler)
    }

    /// Adds an operation bound to SOAP action `action` (the WSDL's
    /// `soapAction`; empty for none). Requests with body element `input` go
    /// to it when it is the only operation taking `input`, or when their
    /// action is `action`; an operation bound to no action also takes the
    /// actions no other operation on `input` is bound to. Operations sharing
    /// a body element need distinct actions (the same element and action
    /// again replaces the handler).
    pub fn operation_with_action<Req, Resp, Fut, H>(
        mut self,
        action: &'static str,
        input: (&'static str, &'static str),
        output: (&'static str, &'static str),
        handler: H,
    ) -> Self
    where
        Req: XmlComplex + Send + 'static,
        Resp: XmlComplex + Send + 'static,
        Fut: Future<Output = Result<Resp, Fault>> + Send + 'static,
        H: Fn(Req, RequestCtx) -> Fut + Send + Sync + 'static,
    {
        let handler = Arc::new(handler);
        let erased: Handler = Arc::new(move |body: XmlNode<'_>, ctx: RequestCtx| {
            let req = read_request::<Req>(body, &ctx)?;
            let h = handler.clone();
            Ok(Box::pin(async move {
                let value = h(req, ctx).await?;
                Ok(Some(Box::new(Typed {
                    name: output,
                    value,
                }) as Box<dyn ResponseBody>))
            }) as BoxFuture)
        });
        self.route(action, input, erased);
        self
    }

    /// Adds a one-way operation: requests whose body element is `input` are
    /// read as `Req`; the answer is 202 Accepted with no body (or the
    /// handler's fault). There is no response, so binaries the handler
    /// [`attach`](RequestCtx::attach)es are not sent.
    pub fn one_way_operation<Req, Fut, H>(
        self,
        input: (&'static str, &'static str),
        handler: H,
    ) -> Self
    where
        Req: XmlComplex + Send + 'static,
        Fut: Future<Output = Result<(), Fault>> + Send + 'static,
        H: Fn(Req, RequestCtx) -> Fut + Send + Sync + 'static,
    {
        self.one_way_operation_with_action("", input, handler)
    }

    /// A one-way operation bound to SOAP action `action`, chosen as
    /// [`operation_with_action`](Self::operation_with_action) says.
    pub fn one_way_operation_with_action<Req, Fut, H>(
        mut self,
        action: &'static str,
        input: (&'static str, &'static str),
        handler: H,
    ) -> Self
    where
        Req: XmlComplex + Send + 'static,
        Fut: Future<Output = Result<(), Fault>> + Send + 'static,
        H: Fn(Req, RequestCtx) -> Fut + Send + Sync + 'static,
    {
        let handler = Arc::new(handler);
        let erased: Handler = Arc::new(move |body: XmlNode<'_>, ctx: RequestCtx| {
            let req = read_request::<Req>(body, &ctx)?;
            let h = handler.clone();
            Ok(Box::pin(async move {
                h(req, ctx).await?;
                Ok(None)
            }) as BoxFuture)
        });
        self.route(action, input, erased);
        self
    }

    /// Adds `handler` for body element `input` and `action`, replacing one
    /// registered for the same pair.
    fn route(
        &mut self,
        action: &'static str,
        input: (&'static str, &'static str),
        handler: Handler,
    ) {
        let action = (!action.is_empty()).then_some(action);
        let routes = self
            .handlers
            .entry((input.0.to_string(), input.1.to_string()))
            .or_default();
        match routes.iter_mut().find(|r| r.action == action) {
            Some(r) => r.handler = handler,
            None => routes.push(Route { action, handler }),
        }
    }

    /// The handler for body element `key` and the request's `action`: the
    /// only one taking `key`, else the one bound to `action` (an empty
    /// action matches an operation bound to none), else the one bound to no
    /// action.
    fn handler_for(&self, key: &(String, String), action: Option<&str>) -> Result<Handler, String> {
        let name = crate::bind::describe_body((&key.0, &key.1));
        let routes = match self.handlers.get(key) {
            Some(routes) if !routes.is_empty() => routes,
            _ => return Err(format!("no operation takes {name}")),
        };
        if let [only] = routes.as_slice() {
            return Ok(only.handler.clone());
        }
        let action = action.map(|a| a.trim().trim_matches('"')).unwrap_or("");
        let exact = routes.iter().find(|r| r.action.unwrap_or("") == action);
        if let Some(r) = exact.or_else(|| routes.iter().find(|r| r.action.is_none())) {
            return Ok(r.handler.clone());
        }
        let known: Vec<String> = routes
            .iter()
            .map(|r| format!("{:?}", r.action.unwrap_or("")))
            .collect();
        Err(format!(
            "several operations take {name}; the action {action:?} is none of theirs ({})",
            known.join(", ")
        ))
    }

    /// Declares that the endpoint processes header block `{ns}local` (its
    /// handlers read it with [`RequestCtx::header`], or a layer in front of
    /// the router does). A request carrying a block aimed at this node with
    /// `mustUnderstand` true that is not declared gets a MustUnderstand
    /// fault and reaches no handler. Generated endpoints declare the WSDL's
    /// `soap:header` elements.
    pub fn understood_header(mut self, ns: &str, local: &str) -> Self {
        self.understood.add(ns, local);
        self
    }

    /// [`understood_header`](Self::understood_header) for each of `headers`
    /// (e.g. an operation's [`OperationInfo::input_headers`](crate::operation::OperationInfo::input_headers)).
    pub fn understood_headers(self, headers: &[(&str, &str)]) -> Self {
        headers
            .iter()
            .fold(self, |svc, (ns, local)| svc.understood_header(ns, local))
    }

    /// Declares that the endpoint processes every header block of
    /// namespace `ns`: for protocols handled outside the handlers, such as
    /// WS-Addressing (`http://www.w3.org/2005/08/addressing`, whose
    /// `Action` and `To` WCF and CXF send marked `mustUnderstand`) or
    /// WS-Security checked by a layer in front of the router.
    pub fn understood_namespace(mut self, ns: &str) -> Self {
        self.understood.add_namespace(ns);
        self
    }

    /// The store requests' attachments are kept in while handled (default:
    /// one per endpoint). Share one between endpoints, or with the code that
    /// forwards attachments.
    pub fn store(mut self, store: Arc<AttachmentStore>) -> Self {
        self.store = store;
        self
    }

    /// The endpoint's attachment store.
    pub fn attachment_store(&self) -> &Arc<AttachmentStore> {
        &self.store
    }

    /// How responses carry binaries.
    pub fn response_mtom(mut self, mtom: ResponseMtom) -> Self {
        self.mtom = mtom;
        self
    }

    /// Limits for reading requests.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The longest the endpoint waits for the next bytes of a request
    /// body (default [`DEFAULT_REQUEST_IDLE`], 60 s; `Duration::MAX` waits
    /// forever). A request that stalls longer is answered 408 with a
    /// Sender fault, and what it spilled is deleted: a peer trickling a
    /// body cannot hold a connection, a task and a spill file for ever.
    /// The runtime must have tokio's time driver (as `#[tokio::main]`
    /// does).
    pub fn request_idle_timeout(mut self, idle: std::time::Duration) -> Self {
        self.request_idle = Some(idle);
        self
    }

    /// Where request parts above the spill threshold go (a private
    /// directory is made inside; default: the system temp directory).
    pub fn spill_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.spill_dir = Some(dir.into());
        self
    }

    /// Serves this WSDL text at `GET <path>?wsdl`.
    pub fn wsdl(mut self, text: impl Into<Arc<str>>) -> Self {
        self.wsdl = Some(text.into());
        self
    }

    /// An axum router serving the endpoint at `path`.
    pub fn router(self, path: &str) -> Router {
        let svc = Arc::new(self);
        Router::new()
            .route(path, axum::routing::post(handle).get(get_wsdl))
            .with_state(svc)
    }
}

async fn get_wsdl(State(svc): State<Arc<Service>>, req: Request) -> Response {
    let wants = req
        .uri()
        .query()
        .is_some_and(|q| q.eq_ignore_ascii_case("wsdl"));
    match (&svc.wsdl, wants) {
        (Some(w), true) => Response::builder()
            .header(header::CONTENT_TYPE, "text/xml; charset=UTF-8")
            .body(Body::from(w.to_string()))
            .unwrap_or_default(),
        _ => status_only(StatusCode::NOT_FOUND),
    }
}

/// Why a request body ended early.
#[derive(Debug)]
enum BodyError {
    /// No bytes came for this long.
    Idle(std::time::Duration),
    /// The HTTP layer could not read it (broken chunked framing, a reset).
    Broken(String),
}

impl std::fmt::Display for BodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BodyError::Idle(d) => write!(f, "no request bytes for {d:?}"),
            BodyError::Broken(why) => write!(f, "request body: {why}"),
        }
    }
}

impl std::error::Error for BodyError {}

/// The request body as a stream of chunks that ends in an error when the
/// next chunk takes longer than `idle` to come, or when the HTTP layer
/// fails (each a [`BodyError`] inside the `io::Error`).
fn idle_bounded(
    body: Body,
    idle: std::time::Duration,
) -> std::pin::Pin<Box<dyn futures_util::Stream<Item = std::io::Result<bytes::Bytes>> + Send>> {
    let chunks = body.into_data_stream();
    Box::pin(futures_util::stream::unfold(
        Some(chunks),
        move |state| async move {
            let mut chunks = state?;
            match tokio::time::timeout(idle, chunks.next()).await {
                Ok(Some(Ok(b))) => Some((Ok(b), Some(chunks))),
                Ok(Some(Err(e))) => Some((
                    Err(std::io::Error::other(BodyError::Broken(e.to_string()))),
                    None,
                )),
                Ok(None) => None,
                Err(_) => Some((
                    Err(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        BodyError::Idle(idle),
                    )),
                    None,
                )),
            }
        },
    ))
}

/// Refuses a request before reading its body: the body is drained first
/// (see [`drain`]) unless the client asked `Expect: 100-continue`, which
/// it is not made to send.
async fn refuse_unread<R: tokio::io::AsyncRead + Unpin>(
    reader: &mut R,
    expects_continue: bool,
    version: SoapVersion,
    status: StatusCode,
    fault: &Fault,
) -> Response {
    if !expects_continue {
        drain(reader).await;
    }
    refusal(version, status, fault)
}

/// Lingering close: reads (and drops) a bounded rest of a refused body, for
/// at most 5 s, so a client still sending sees the answer instead of a
/// reset.
async fn drain<R: tokio::io::AsyncRead + Unpin>(reader: &mut R) {
    let mut rest = tokio::io::AsyncReadExt::take(reader, DRAIN_LIMIT);
    let mut sink = tokio::io::sink();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        tokio::io::copy(&mut rest, &mut sink),
    )
    .await;
}

fn status_only(status: StatusCode) -> Response {
    let mut r = Response::new(Body::empty());
    *r.status_mut() = status;
    r
}

async fn handle(State(svc): State<Arc<Service>>, req: Request) -> Response {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let soap_action = req
        .headers()
        .get("soapaction")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let lower = content_type.to_ascii_lowercase();
    let guess = if lower.contains("application/soap+xml") {
        SoapVersion::V12
    } else {
        SoapVersion::V11
    };
    let expects_continue = req
        .headers()
        .get(header::EXPECT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"));
    let declared_length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let idle = svc.request_idle.unwrap_or(DEFAULT_REQUEST_IDLE);
    let mut reader = tokio_util::io::StreamReader::new(idle_bounded(req.into_body(), idle));
    if !(lower.starts_with("multipart/related")
        || lower.starts_with("text/xml")
        || lower.starts_with("application/soap+xml"))
    {
        let f = Fault::new(FaultCode::Sender, format!("unsupported Content-Type {content_type:?}: send text/xml, application/soap+xml or multipart/related"));
        return refuse_unread(
            &mut reader,
            expects_continue,
            guess,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &f,
        )
        .await;
    }
    // A body declared larger than any message the endpoint reads is refused
    // before a byte of it is read (or spilled).
    if let Some(length) = declared_length.filter(|&n| n > svc.limits.max_message_size) {
        let e = crate::Error::limit(
            crate::limits::Limit::MessageSize,
            svc.limits.max_message_size,
            length,
        );
        let f = Fault::from_error(&e);
        return refuse_unread(
            &mut reader,
            expects_continue,
            guess,
            StatusCode::PAYLOAD_TOO_LARGE,
            &f,
        )
        .await;
    }
    let read = match crate::mime::stream::StreamReader::new(
        &mut reader,
        &content_type,
        svc.limits.clone(),
    ) {
        Ok(r) => {
            let r = match &svc.spill_dir {
                Some(d) => r.spill_dir(d.clone()),
                None => r,
            };
            r.into_message().await
        }
        Err(e) => Err(e),
    };
    let message = match read {
        Ok(m) => m,
        Err(e) => {
            // The body itself failed: it stalled, or its HTTP framing broke.
            let body_error = match &e {
                crate::Error::Io(io) => io.get_ref().and_then(|r| r.downcast_ref::<BodyError>()),
                _ => None,
            };
            match body_error {
                Some(BodyError::Idle(idle)) => {
                    let f = Fault::new(
                        FaultCode::Sender,
                        format!(
                            "the request body stalled: no bytes for {} s",
                            idle.as_secs()
                        ),
                    );
                    return refusal(guess, StatusCode::REQUEST_TIMEOUT, &f);
                }
                Some(BodyError::Broken(why)) => {
                    let f = Fault::new(
                        FaultCode::Sender,
                        format!("the request body is broken: {why}"),
                    );
                    return refusal(guess, StatusCode::BAD_REQUEST, &f);
                }
                None => {}
            }
            drain(&mut reader).await;
            let fault = Fault::from_error(&e);
            return match e.http_status() {
                413 => refusal(guess, StatusCode::PAYLOAD_TOO_LARGE, &fault),
                _ => fault_response(guess, &fault),
            };
        }
    };
    let version = super::version_of(&message, &content_type);
    let was_mtom = message.kind == PackageKind::Mtom;
    let message = Arc::new(message);
    let keep = Arc::new(AtomicBool::new(false));
    svc.store
        .insert_attachments(&message.root_document_id, message.attachments.clone());
    let _entry = StoreEntry {
        store: svc.store.clone(),
        id: message.root_document_id.clone(),
        keep: keep.clone(),
    };
    let override_cell: Arc<Mutex<Option<Option<u64>>>> = Arc::default();
    let extra: Arc<Mutex<Vec<Binary>>> = Arc::default();
    let parts: Arc<Mutex<Vec<(String, String, Binary)>>> = Arc::default();
    let read_options = ReadOptions::from(&svc.limits);
    // The parsed tree is not Send: read the request and start the handler
    // in a block that ends before the first await.
    let fut = {
        // The document borrows `src`: both live to the end of this block.
        let src = crate::bind::shared_source(message.root_xml.clone());
        let parsed = src
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|src| Document::parse_shared(src, &read_options));
        let doc = match parsed {
            Ok(d) => d,
            Err(e) => {
                return fault_response(version, &Fault::new(FaultCode::Sender, e.to_string()))
            }
        };
        // Anything but a SOAP 1.1 or 1.2 Envelope where the Envelope should
        // be is a VersionMismatch (SOAP 1.2 Part 1 §5.4.7).
        let envelope = doc.root();
        if envelope.local() != "Envelope" || SoapVersion::from_namespace(envelope.ns()).is_none() {
            return version_mismatch(version, envelope.ns(), envelope.local());
        }
        // The first body element, or the empty Body (WS-I BP R2202).
        let (body, name) = match crate::bind::body_entry(envelope) {
            Ok(b) => b,
            Err(e) => {
                return fault_response(version, &Fault::new(FaultCode::Sender, e.to_string()))
            }
        };
        match crate::bind::not_understood(envelope, |ns, local| svc.understood.accepts(ns, local)) {
            Ok(blocks) if !blocks.is_empty() => {
                let names: Vec<(&str, &str)> = blocks.iter().map(|b| (b.ns(), b.local())).collect();
                return must_understand(version, &names);
            }
            _ => {}
        }
        let key = (name.0.to_string(), name.1.to_string());
        // SOAP 1.1 carries the action in the SOAPAction header; SOAP 1.2
        // (MTOM too) in the Content-Type (D14).
        let action = match version {
            SoapVersion::V11 => soap_action.as_deref().or(message.action.as_deref()),
            SoapVersion::V12 => message.action.as_deref().or(soap_action.as_deref()),
        };
        let handler = match svc.handler_for(&key, action) {
            Ok(h) => h,
            Err(why) => return fault_response(version, &Fault::new(FaultCode::Sender, why)),
        };
        let ctx = RequestCtx {
            message: message.clone(),
            version,
            response: override_cell.clone(),
            extra: extra.clone(),
            parts: parts.clone(),
            store: svc.store.clone(),
            keep,
            read_options,
        };
        match handler(body, ctx) {
            Ok(f) => f,
            Err(f) => return fault_response(version, &f),
        }
    };
    let reply = match fut.await {
        Ok(Some(r)) => r,
        Ok(None) => return status_only(StatusCode::ACCEPTED),
        Err(f) => return fault_response(version, &f),
    };
    let extra = extra
        .lock()
        .map(|mut e| std::mem::take(&mut *e))
        .unwrap_or_default();
    let parts = parts
        .lock()
        .map(|mut p| std::mem::take(&mut *p))
        .unwrap_or_default();
    let chosen = override_cell.lock().ok().and_then(|c| *c);
    let threshold = match (chosen, svc.mtom) {
        (Some(t), _) => t,
        (None, mtom) => match mtom {
            ResponseMtom::Always { threshold } => Some(threshold),
            ResponseMtom::Mirror { threshold } if was_mtom => Some(threshold),
            _ => None,
        },
    };
    let parts: Vec<NamedPart<'_>> = parts
        .iter()
        .map(|(name, media_type, b)| (name.as_str(), media_type.as_str(), b))
        .collect();
    match package(version, reply.as_ref(), threshold, &parts, &extra) {
        Ok(p) => package_response(StatusCode::OK, &p),
        // A response that cannot be written is this endpoint's failure.
        Err(e) => fault_response(version, &Fault::new(FaultCode::Receiver, e.to_string())),
    }
}

fn package(
    version: SoapVersion,
    body: &dyn ResponseBody,
    threshold: Option<u64>,
    parts: &[NamedPart<'_>],
    attachments: &[Binary],
) -> crate::Result<Package> {
    let encoding = match threshold {
        Some(threshold) => Encoding::Mtom { threshold },
        None => Encoding::Inline,
    };
    package_envelope(version, None, encoding, &[], parts, attachments, |w| {
        body.write(w)
    })
}

fn package_response(status: StatusCode, p: &Package) -> Response {
    let body = Body::from_stream(super::body_stream(p));
    let mut r = Response::new(body);
    *r.status_mut() = status;
    for (k, v) in p.http_headers() {
        if k.eq_ignore_ascii_case("SOAPAction") {
            continue;
        }
        if let Ok(v) = HeaderValue::from_str(&v) {
            r.headers_mut().insert(k, v);
        }
    }
    r
}

/// The HTTP status of a response carrying `fault`: always 500 in SOAP 1.1
/// (§6.2, WS-I BP R1126); in SOAP 1.2, 400 when the sender is at fault and
/// 500 otherwise (Part 2 §7.5.2.2).
fn fault_status(version: SoapVersion, code: &FaultCode) -> StatusCode {
    match (version, code) {
        (SoapVersion::V12, FaultCode::Sender) => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// `fault` as a response, with the status SOAP gives it.
fn fault_response(version: SoapVersion, fault: &Fault) -> Response {
    fault_with_blocks(version, fault, &[])
}

/// `fault` with `header_blocks` beside it, with the status SOAP gives it.
fn fault_with_blocks(version: SoapVersion, fault: &Fault, header_blocks: &[&str]) -> Response {
    envelope_response(
        version,
        fault_status(version, &fault.code),
        fault,
        header_blocks,
    )
}

/// A request refused at the HTTP level (413 too large, 415 not SOAP), with
/// a fault saying why.
fn refusal(version: SoapVersion, status: StatusCode, fault: &Fault) -> Response {
    envelope_response(version, status, fault, &[])
}

/// A VersionMismatch fault for a document element `{ns}local` that is no
/// Envelope this endpoint knows, listing the versions it speaks (SOAP 1.2
/// Part 1 §5.4.7).
fn version_mismatch(version: SoapVersion, ns: &str, local: &str) -> Response {
    let fault = Fault::new(
        FaultCode::VersionMismatch,
        format!("the document element {{{ns}}}{local} is not a SOAP 1.1 or SOAP 1.2 Envelope"),
    );
    let upgrade = crate::soap::envelope::upgrade_block();
    fault_with_blocks(version, &fault, &[upgrade.as_str()])
}

/// A MustUnderstand fault for the header blocks `names`, each named in a
/// `NotUnderstood` block in SOAP 1.2 (Part 1 §5.4.8).
fn must_understand(version: SoapVersion, names: &[(&str, &str)]) -> Response {
    let list: Vec<String> = names.iter().map(|(ns, l)| format!("{{{ns}}}{l}")).collect();
    let fault = Fault::new(
        FaultCode::MustUnderstand,
        format!(
            "header blocks marked mustUnderstand that this endpoint does not process: {}",
            list.join(", ")
        ),
    );
    let blocks: Vec<String> = match version {
        SoapVersion::V11 => Vec::new(),
        SoapVersion::V12 => names
            .iter()
            .map(|(ns, l)| crate::soap::envelope::not_understood_block(ns, l))
            .collect(),
    };
    let blocks: Vec<&str> = blocks.iter().map(String::as_str).collect();
    fault_with_blocks(version, &fault, &blocks)
}

/// The envelope of `fault` and `header_blocks`, sent with `status`.
fn envelope_response(
    version: SoapVersion,
    status: StatusCode,
    fault: &Fault,
    header_blocks: &[&str],
) -> Response {
    let env =
        crate::soap::envelope::write_envelope(version, header_blocks, &fault.to_element(version));
    match plain(version, env, None) {
        Ok(p) => package_response(status, &p),
        Err(_) => status_only(status),
    }
}
