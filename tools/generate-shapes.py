#!/usr/bin/env python3
"""Generates a service's AWS shapes as Java records from botocore's service-2.json.

Usage: tools/generate-shapes.py MODEL_JSON JAVA_PACKAGE OUT_DIR [--skip Op1,Op2,...] [--only Op1,Op2,...]

--only generates the shapes of the listed operations alone (a service that implements a subset of a
large model, e.g. Parameter Store within SSM); --skip leaves the listed operations out.

Every structure reachable from the operations' inputs and outputs becomes one record named exactly
as in the model, components in camelCase (members travel in AWS's UpperCamelCase through the
protocol's mappers). Records reachable from an input validate the model's constraints (required,
length, range, enum, pattern) in their compact constructor through io.citadel.protocol.Constraints,
so a bad request gets AWS's ValidationException wording. Generated files say so in their header;
regenerate rather than edit them.
"""
import json
import os
import re
import sys

JAVA_KEYWORDS = {"default", "public", "private", "class", "enum", "interface", "package", "import", "new", "final",
                 "static", "switch", "case", "return", "int", "long", "boolean", "byte", "char", "short", "double",
                 "float", "void", "this", "super", "throw", "throws", "try", "catch", "finally", "if", "else", "for",
                 "while", "do", "break", "continue", "instanceof", "native", "transient", "volatile", "abstract",
                 "synchronized", "strictfp", "assert", "const", "goto", "record", "yield", "var"}


def java_name(member):
    if len(member) > 1 and member[1].isupper():
        # AWSAccountId -> awsAccountId, KMSKey -> kmsKey
        m = re.match(r"^([A-Z]+)([A-Z][a-z].*)?$", member)
        if m and m.group(2):
            name = m.group(1).lower() + m.group(2)
        else:
            name = member.lower()
    else:
        name = member[0].lower() + member[1:]
    if name in JAVA_KEYWORDS:
        name = name + "Value"
    return name


def needs_property(member, name):
    return name[0].upper() + name[1:] != member


def main():
    args = sys.argv[1:]
    skip = set()
    if "--skip" in args:
        i = args.index("--skip")
        skip = set(args[i + 1].split(","))
        del args[i:i + 2]
    only = None
    if "--only" in args:
        i = args.index("--only")
        only = set(args[i + 1].split(","))
        del args[i:i + 2]
    model_path, package, out_dir = args
    model = json.load(open(model_path))
    shapes = model["shapes"]
    ops = {n: o for n, o in model["operations"].items() if n not in skip and (only is None or n in only)}
    if only is not None and only - set(model["operations"]):
        raise SystemExit("--only names operations the model lacks: " + ",".join(sorted(only - set(model["operations"]))))

    reachable_in, reachable_all = set(), set()

    def walk(name, into):
        if name in into:
            return
        shape = shapes[name]
        if shape["type"] == "structure":
            into.add(name)
            for m in shape["members"].values():
                walk(m["shape"], into)
        elif shape["type"] == "list":
            walk(shape["member"]["shape"], into)
        elif shape["type"] == "map":
            walk(shape["key"]["shape"], into)
            walk(shape["value"]["shape"], into)

    for op in ops.values():
        if "input" in op:
            walk(op["input"]["shape"], reachable_in)
            walk(op["input"]["shape"], reachable_all)
        if "output" in op:
            walk(op["output"]["shape"], reachable_all)

    def java_type(name):
        shape = shapes[name]
        t = shape["type"]
        if t == "string":
            return "String"
        if t in ("integer",):
            return "Integer"
        if t == "long":
            return "Long"
        if t == "boolean":
            return "Boolean"
        if t == "timestamp":
            return "Instant"
        if t == "blob":
            return "byte[]"
        if t == "list":
            return "List<" + java_type(shape["member"]["shape"]) + ">"
        if t == "map":
            return "Map<" + java_type(shape["key"]["shape"]) + ", " + java_type(shape["value"]["shape"]) + ">"
        if t == "structure":
            return name
        raise ValueError(t)

    def checks(member_name, shape_name, required):
        shape = shapes[shape_name]
        t = shape["type"]
        out = []
        if required:
            out.append(f'c.required("{member_name}", {{v}});')
        if t in ("string", "blob", "list", "map") and ("min" in shape or "max" in shape):
            lo = shape.get("min", 0)
            hi = shape.get("max", 2147483647)
            out.append(f'c.length("{member_name}", {{v}}, {lo}, {hi});')
        if t in ("integer", "long") and ("min" in shape or "max" in shape):
            lo = shape.get("min", -2147483648)
            hi = shape.get("max", 2147483647)
            out.append(f'c.range("{member_name}", {{v}}, {lo}, {hi});')
        if t == "string" and "enum" in shape:
            out.append(f'c.oneOf("{member_name}", {{v}}, {enum_const(shape_name)});')
        if t == "string" and "pattern" in shape and "enum" not in shape:
            out.append(f'c.pattern("{member_name}", {{v}}, {pattern_const(shape_name)});')
        return out

    enum_consts, pattern_consts = {}, {}

    def enum_const(shape_name):
        enum_consts[shape_name] = shapes[shape_name]["enum"]
        return "ModelConstraints." + re.sub(r"(?<!^)(?=[A-Z])", "_", shape_name).upper()

    def pattern_const(shape_name):
        pattern_consts[shape_name] = shapes[shape_name]["pattern"]
        return "ModelConstraints." + re.sub(r"(?<!^)(?=[A-Z])", "_", shape_name).upper() + "_PATTERN"

    os.makedirs(out_dir, exist_ok=True)
    service = model["metadata"].get("serviceId", "")
    header = f"// Generated by tools/generate-shapes.py from the AWS model ({model['metadata']['uid']}); do not edit.\n"
    for name in sorted(reachable_all):
        shape = shapes[name]
        members = shape["members"]
        required = set(shape.get("required", []))
        comps, body, imports = [], [], set()
        for member, ref in members.items():
            jt = java_type(ref["shape"])
            if "List<" in jt:
                imports.add("java.util.List")
            if "Map<" in jt:
                imports.add("java.util.Map")
            if "Instant" in jt:
                imports.add("java.time.Instant")
            jn = java_name(member)
            prop = ""
            if needs_property(member, jn):
                prop = f'@JsonProperty("{member}") '
                imports.add("com.fasterxml.jackson.annotation.JsonProperty")
            comps.append(f"{prop}{jt} {jn}")
            if name in reachable_in:
                for chk in checks(jn, ref["shape"], member in required):
                    body.append("        " + chk.replace("{v}", jn))
        lines = [header, f"package {package};", ""]
        if body:
            imports.add("io.citadel.protocol.Constraints")
        for imp in sorted(imports):
            lines.append(f"import {imp};")
        if imports:
            lines.append("")
        lines.append(f"/** {service} {name} (AWS model shape). */")
        if not comps:
            lines.append(f"public record {name}() {{")
            lines.append("}")
        else:
            joined = ",\n        ".join(comps)
            lines.append(f"public record {name}(\n        {joined}) {{")
            if body:
                lines.append("")
                lines.append(f"    public {name} {{")
                lines.append("        Constraints c = new Constraints();")
                lines.extend(body)
                lines.append("        c.throwIfAny();")
                lines.append("    }")
            lines.append("}")
        with open(os.path.join(out_dir, name + ".java"), "w") as f:
            f.write("\n".join(lines) + "\n")

    lines = [header, f"package {package};", "", "import java.util.List;", "import java.util.regex.Pattern;", "",
             f"/** The enum value sets and patterns of the {service} model, for the generated shapes' checks. */",
             "final class ModelConstraints {", "", "    private ModelConstraints() {", "    }", ""]
    for shape_name, values in sorted(enum_consts.items()):
        const = re.sub(r"(?<!^)(?=[A-Z])", "_", shape_name).upper()
        vals = ", ".join(json.dumps(v) for v in values)
        lines.append(f"    static final List<String> {const} = List.of({vals});")
    for shape_name, pattern in sorted(pattern_consts.items()):
        const = re.sub(r"(?<!^)(?=[A-Z])", "_", shape_name).upper() + "_PATTERN"
        java_pattern = json.dumps(pattern)
        lines.append(f"    static final Pattern {const} = Pattern.compile({java_pattern});")
    lines.append("}")
    with open(os.path.join(out_dir, "ModelConstraints.java"), "w") as f:
        f.write("\n".join(lines) + "\n")

    errors = sorted(n for n, s in shapes.items() if s.get("exception"))
    print("errors:", " ".join(f"{n}:{shapes[n].get('error', {}).get('httpStatusCode', 400)}" for n in errors))
    print("generated", len(reachable_all), "records,", len(reachable_in), "validated")


if __name__ == "__main__":
    main()
