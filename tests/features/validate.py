#!/usr/bin/env python3
"""Validate every tests/features/<folder>/example*.xml against <folder>/schema.xsd.

Uses the `xmlschema` package (required) and, when it is on PATH, `xmllint` as a
second, independent validator. Prints one line per instance file, then a
summary line "N passed, N failed". Exit status: 0 all valid, 1 any failure,
2 setup problem (xmlschema not importable).

The `binary` feature imports the xmime namespace without a schemaLocation; its
schema is taken from --xmime PATH, or by default from
<repo>/../shared/corpus/apache-cxf/core/src/main/resources/schemas/wsdl/xmime.xsd.
"""

import argparse
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

XMIME_NS = "http://www.w3.org/2005/05/xmlmime"
HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_XMIME = (REPO.parent / "shared" / "corpus" / "apache-cxf" / "core" / "src"
                 / "main" / "resources" / "schemas" / "wsdl" / "xmime.xsd")


def imports_xmime(schema_text):
    return XMIME_NS in schema_text and "import" in schema_text


def with_xmime_location(schema_text, xmime_path):
    """Copy of the schema text with schemaLocation added to the bare xmime import (for xmllint)."""
    pattern = re.compile(r'(<(?:\w+:)?import\s+namespace="%s")(\s*/?>)' % re.escape(XMIME_NS))
    location = pathlib.Path(xmime_path).resolve().as_uri()
    return pattern.sub(r'\1 schemaLocation="%s"\2' % location, schema_text)


def check_xmlschema(xmlschema, schema_path, example, locations):
    try:
        schema = xmlschema.XMLSchema10(str(schema_path), locations=locations or None)
    except Exception as err:  # schema itself is broken or an import is missing
        return "schema: %s" % str(err).strip().splitlines()[0]
    for err in schema.iter_errors(str(example)):
        return "%s (at %s)" % (err.reason or str(err).splitlines()[0], err.path)
    return None


def check_xmllint(xmllint, schema_path, example):
    proc = subprocess.run([xmllint, "--noout", "--nonet", "--schema", str(schema_path), str(example)],
                          capture_output=True, text=True)
    if proc.returncode == 0:
        return None
    lines = [l for l in proc.stderr.splitlines() if l.strip() and "validates" not in l]
    return lines[0] if lines else "xmllint exit %d" % proc.returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--xmime", type=pathlib.Path, default=DEFAULT_XMIME,
                        help="path of the xmime.xsd schema (default: %(default)s)")
    parser.add_argument("--no-xmllint", action="store_true", help="skip xmllint even if installed")
    parser.add_argument("--root", type=pathlib.Path, default=HERE,
                        help="directory holding the feature folders (default: beside this script)")
    parser.add_argument("folders", nargs="*", help="only these feature folders (default: all)")
    args = parser.parse_args()
    root = args.root

    try:
        import xmlschema
    except ImportError:
        print("error: the python package 'xmlschema' is required (pip install xmlschema)", file=sys.stderr)
        return 2
    xmllint = None if args.no_xmllint else shutil.which("xmllint")

    folders = [root / f for f in args.folders] if args.folders else \
        sorted(p for p in root.iterdir() if (p / "schema.xsd").is_file())
    passed = failed = 0
    tmp = tempfile.TemporaryDirectory()
    for folder in folders:
        schema_path = folder / "schema.xsd"
        examples = sorted(folder.glob("example*.xml"))
        if not schema_path.is_file() or not examples:
            print("FAIL  %s: missing schema.xsd or example*.xml" % folder.name)
            failed += 1
            continue
        text = schema_path.read_text(encoding="utf-8")
        locations, lint_schema, setup_error = {}, schema_path, None
        if imports_xmime(text):
            if args.xmime.is_file():
                locations[XMIME_NS] = str(args.xmime.resolve())
                lint_schema = pathlib.Path(tmp.name) / ("%s.xsd" % folder.name)
                lint_schema.write_text(with_xmime_location(text, args.xmime), encoding="utf-8")
            else:
                setup_error = "xmime schema not found at %s (use --xmime PATH)" % args.xmime
        for example in examples:
            name = "%s/%s" % (folder.name, example.name)
            error = setup_error or check_xmlschema(xmlschema, schema_path, example, locations)
            tools = ["xmlschema"]
            if error is None and xmllint:
                lint_error = check_xmllint(xmllint, lint_schema, example)
                error = lint_error and "xmllint: %s" % lint_error
                tools.append("xmllint")
            if error:
                print("FAIL  %s: %s" % (name, error))
                failed += 1
            else:
                print("ok    %s (%s)" % (name, ", ".join(tools)))
                passed += 1
    tmp.cleanup()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
