#!/usr/bin/env python3
"""Validate XML documents against the XML Schemas embedded in a WSDL 1.1 file.

Usage: python3 tests/validate_wsdl.py [--xmime PATH] [--swaref PATH] [--no-xmllint]
                                      [--keep-temp] WSDL XML...

Every xs:schema inside wsdl:types is extracted to a temporary directory, with
the namespace declarations in scope on its ancestors (wsdl:definitions,
wsdl:types) copied onto it. Every xs:import / xs:include / xs:redefine is
rewritten to carry a usable absolute schemaLocation:

  * a relative location resolves against the directory of the document that
    holds it (the WSDL's directory for inline schemas); local schema files
    reached that way are copied to the temporary directory and their own
    imports rewritten the same way (so star-attachment.xsd's namespace-only
    xmime import works);
  * a namespace-only import of another inline schema's namespace points at
    that schema's temporary file (or at a file that includes all of them when
    several inline schemas share the namespace);
  * a namespace-only import of http://www.w3.org/2005/05/xmlmime points at
    --xmime, one of http://ws-i.org/profiles/basic/1.1/xsd at --swaref (both
    default to the copies in the Apache CXF tree of the shared corpus:
    <repo>/../shared/corpus/apache-cxf/core/src/main/resources/schemas/wsdl/).

A wrapper schema then imports every inline namespace, and each XML document
(whose root must be a global element of one of those schemas) is validated
with the `xmlschema` package and, when it is on PATH and --no-xmllint is not
given, with `xmllint --noout --nonet --schema wrapper.xsd`.

Output: one line per document, "ok    FILE (xmlschema, xmllint)" or
"FAIL  FILE: reason", then "N passed, N failed". Exit status: 0 all valid,
1 any failure (including a schema that does not compile), 2 setup problem
(xmlschema not importable, WSDL unreadable, xmime/swaRef schema missing).
"""

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from xml.dom import minidom

XSD_NS = "http://www.w3.org/2001/XMLSchema"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
XMLNS_NS = "http://www.w3.org/2000/xmlns/"
XMIME_NS = "http://www.w3.org/2005/05/xmlmime"
SWAREF_NS = "http://ws-i.org/profiles/basic/1.1/xsd"
WRAPPER_NS = "urn:soapstone:validate-wsdl:wrapper"

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
CXF_WSDL_SCHEMAS = (REPO.parent / "shared" / "corpus" / "apache-cxf" / "core" / "src"
                    / "main" / "resources" / "schemas" / "wsdl")
DEFAULT_XMIME = CXF_WSDL_SCHEMAS / "xmime.xsd"
DEFAULT_SWAREF = CXF_WSDL_SCHEMAS / "swaref.xsd"

REFERENCES = ("import", "include", "redefine", "override")


class SetupError(Exception):
    """A problem with the inputs rather than with a document being validated."""


def xsd_children(element, local_names):
    """Direct xs:* element children of `element` with one of the local names."""
    return [c for c in element.childNodes
            if c.nodeType == c.ELEMENT_NODE and c.namespaceURI == XSD_NS
            and c.localName in local_names]


def ns_declarations(element):
    """{attribute name: value} of the xmlns / xmlns:p attributes on one element."""
    out = {}
    for i in range(element.attributes.length):
        attr = element.attributes.item(i)
        if attr.name == "xmlns" or attr.name.startswith("xmlns:"):
            out[attr.name] = attr.value
    return out


class Builder:
    """Writes the schemas of one WSDL, with rewritten references, to a directory."""

    def __init__(self, wsdl, tmpdir, xmime, swaref):
        self.wsdl = pathlib.Path(wsdl).resolve()
        self.tmp = pathlib.Path(tmpdir)
        self.known = {XMIME_NS: pathlib.Path(xmime), SWAREF_NS: pathlib.Path(swaref)}
        self.copies = {}       # resolved source path -> temp path
        self.inline_by_ns = {}  # target namespace ("" for none) -> temp path used for it
        self.warnings = []
        self.counter = 0

    def fresh(self, stem):
        self.counter += 1
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)
        return self.tmp / ("%02d-%s" % (self.counter, safe))

    # -- inline schemas ---------------------------------------------------

    def build(self):
        """Extract the inline schemas; return the wrapper schema's path."""
        try:
            doc = minidom.parse(str(self.wsdl))
        except Exception as err:
            raise SetupError("cannot parse %s: %s" % (self.wsdl, err))
        root = doc.documentElement
        if root.namespaceURI != WSDL_NS or root.localName != "definitions":
            raise SetupError("%s: root is not wsdl:definitions (WSDL 1.1)" % self.wsdl)
        schemas = []
        for types in root.getElementsByTagNameNS(WSDL_NS, "types"):
            for schema in xsd_children(types, ("schema",)):
                schemas.append(schema)
        if not schemas:
            raise SetupError("%s: no xs:schema inside wsdl:types" % self.wsdl)

        # Name every inline schema first, so imports between them can be resolved.
        by_ns = {}
        placed = []
        for schema in schemas:
            ns = schema.getAttribute("targetNamespace")
            path = self.fresh("inline-schema.xsd")
            placed.append((schema, path))
            by_ns.setdefault(ns, []).append(path)
        for ns, paths in by_ns.items():
            if len(paths) == 1:
                self.inline_by_ns[ns] = paths[0]
            else:
                # Several inline schemas share a namespace: one file includes them all.
                agg = self.fresh("inline-namespace-all.xsd")
                self.write_including(agg, ns, paths)
                self.inline_by_ns[ns] = agg

        for schema, path in placed:
            out = minidom.Document()
            copy = out.importNode(schema, True)
            out.appendChild(copy)
            # Namespace declarations in scope on the ancestors, nearest first,
            # unless the schema element declares the prefix itself.
            own = ns_declarations(schema)
            node = schema.parentNode
            while node is not None and node.nodeType == node.ELEMENT_NODE:
                for name, value in ns_declarations(node).items():
                    if name not in own:
                        own[name] = value
                        copy.setAttributeNS(XMLNS_NS, name, value)
                node = node.parentNode
            self.rewrite(copy, self.wsdl.parent)
            path.write_bytes(out.toxml(encoding="utf-8"))

        wrapper = self.tmp / "wrapper.xsd"
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<xs:schema xmlns:xs="%s" targetNamespace="%s">' % (XSD_NS, WRAPPER_NS)]
        for ns, path in self.inline_by_ns.items():
            ns_attr = ' namespace="%s"' % xml_attr(ns) if ns else ""
            lines.append('  <xs:import%s schemaLocation="%s"/>' % (ns_attr, xml_attr(path.as_uri())))
        lines.append("</xs:schema>")
        wrapper.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return wrapper

    def write_including(self, path, ns, parts):
        lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<xs:schema xmlns:xs="%s"%s>' % (
                     XSD_NS, ' targetNamespace="%s"' % xml_attr(ns) if ns else "")]
        for part in parts:
            lines.append('  <xs:include schemaLocation="%s"/>' % xml_attr(part.as_uri()))
        lines.append("</xs:schema>")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    # -- references -------------------------------------------------------

    def rewrite(self, schema, base_dir):
        """Give every import/include/redefine of `schema` an absolute schemaLocation."""
        for ref in xsd_children(schema, REFERENCES):
            location = ref.getAttribute("schemaLocation")
            ns = ref.getAttribute("namespace")
            target = None
            if location:
                resolved = resolve(location, base_dir)
                if isinstance(resolved, pathlib.Path):
                    if not resolved.is_file():
                        raise SetupError("schemaLocation %r (from %s) not found: %s"
                                         % (location, base_dir, resolved))
                    target = self.copy_schema(resolved).as_uri()
                else:
                    target = resolved  # a remote URL: left to the validators
            elif ref.localName == "import":
                if ns in self.inline_by_ns:
                    target = self.inline_by_ns[ns].as_uri()
                elif ns in self.known:
                    known = self.known[ns]
                    if not known.is_file():
                        option = "--xmime" if ns == XMIME_NS else "--swaref"
                        raise SetupError("schema for %s not found at %s (use %s PATH)"
                                         % (ns, known, option))
                    target = self.copy_schema(known.resolve()).as_uri()
                else:
                    self.warnings.append("namespace-only import of %r left without a location"
                                         % (ns or "(no namespace)"))
            if target:
                ref.setAttribute("schemaLocation", target)

    def copy_schema(self, source):
        """Copy a schema file into the temp dir (once), rewriting its references."""
        source = source.resolve()
        if source in self.copies:
            return self.copies[source]
        dest = self.fresh(source.name)
        self.copies[source] = dest  # registered first: include cycles end here
        try:
            doc = minidom.parse(str(source))
        except Exception as err:
            raise SetupError("cannot parse %s: %s" % (source, err))
        self.rewrite(doc.documentElement, source.parent)
        dest.write_bytes(doc.toxml(encoding="utf-8"))
        return dest


def xml_attr(text):
    return (text.replace("&", "&amp;").replace("<", "&lt;")
            .replace('"', "&quot;").replace(">", "&gt;"))


def resolve(location, base_dir):
    """A local pathlib.Path for file locations, else the URL string unchanged."""
    parsed = urllib.parse.urlparse(location)
    if parsed.scheme == "file":
        return pathlib.Path(urllib.request.url2pathname(parsed.path))
    if len(parsed.scheme) > 1:  # http:, https:, urn: ... (one letter would be a drive)
        return location
    return (pathlib.Path(base_dir) / urllib.parse.unquote(location)).resolve()


def check_xmlschema(schema, document):
    try:
        for err in schema.iter_errors(str(document)):
            reason = err.reason or str(err).strip().splitlines()[0]
            return "xmlschema: %s" % ("%s (at %s)" % (reason, err.path) if err.path else reason)
    except Exception as err:  # not well-formed, unreadable, ...
        return "xmlschema: %s" % str(err).strip().splitlines()[0]
    return None


def check_xmllint(xmllint, wrapper, document):
    proc = subprocess.run([xmllint, "--noout", "--nonet", "--schema", str(wrapper), str(document)],
                          capture_output=True, text=True)
    if proc.returncode == 0:
        return None
    lines = [l.strip() for l in proc.stderr.splitlines()
             if l.strip() and not l.rstrip().endswith("fails to validate")]
    return lines[0] if lines else "xmllint exit status %d" % proc.returncode


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Validate XML documents against the schemas inside a WSDL 1.1 file.")
    parser.add_argument("--xmime", type=pathlib.Path, default=DEFAULT_XMIME,
                        help="schema for %s (default: %%(default)s)" % XMIME_NS)
    parser.add_argument("--swaref", type=pathlib.Path, default=DEFAULT_SWAREF,
                        help="schema for %s (default: %%(default)s)" % SWAREF_NS)
    parser.add_argument("--no-xmllint", action="store_true", help="skip xmllint even if installed")
    parser.add_argument("--keep-temp", action="store_true",
                        help="keep the extracted schemas and print where they are")
    parser.add_argument("wsdl", type=pathlib.Path, help="the WSDL 1.1 file")
    parser.add_argument("documents", nargs="+", metavar="XML", help="documents to validate")
    args = parser.parse_args(argv)

    try:
        import xmlschema
    except ImportError:
        print("error: the python package 'xmlschema' is required (pip install xmlschema)",
              file=sys.stderr)
        return 2
    xmllint = None if args.no_xmllint else shutil.which("xmllint")

    tmpdir = tempfile.mkdtemp(prefix="validate-wsdl-")
    try:
        builder = Builder(args.wsdl, tmpdir, args.xmime, args.swaref)
        try:
            wrapper = builder.build()
        except SetupError as err:
            print("error: %s" % err, file=sys.stderr)
            return 2
        for warning in builder.warnings:
            print("warning: %s" % warning, file=sys.stderr)
        if args.keep_temp:
            print("schemas kept in %s (wrapper: %s)" % (tmpdir, wrapper), file=sys.stderr)

        schema_error = None
        schema = None
        try:
            schema = xmlschema.XMLSchema10(str(wrapper))
        except Exception as err:
            schema_error = "schema does not compile (xmlschema): %s" % str(err).strip().splitlines()[0]

        passed = failed = 0
        for document in args.documents:
            tools = ["xmlschema"]
            if not os.path.isfile(document):
                error = "no such file"
            else:
                error = schema_error or check_xmlschema(schema, document)
                if xmllint:
                    tools.append("xmllint")
                    lint_error = check_xmllint(xmllint, wrapper, document)
                    if lint_error:
                        lint_error = "xmllint: %s" % lint_error
                        error = "%s; %s" % (error, lint_error) if error else lint_error
            if error:
                print("FAIL  %s: %s" % (document, error))
                failed += 1
            else:
                print("ok    %s (%s)" % (document, ", ".join(tools)))
                passed += 1
        print("%d passed, %d failed" % (passed, failed))
        return 1 if failed else 0
    finally:
        if not args.keep_temp:
            shutil.rmtree(tmpdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
