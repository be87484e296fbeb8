"""Checks Python example programs against a generated pulumi_posit_connect SDK, statically.

Usage: python3 check-python-examples.py <sdk dir holding pulumi_posit_connect> <example.py>...

Both the SDK and the examples are read with `ast`, so neither the Pulumi Python SDK nor the
generated one needs to be installed. For every call of an SDK class (through `import
pulumi_posit_connect as x` or `from pulumi_posit_connect import databricks`) it checks that the
class exists, that every keyword argument is a parameter of the class (a resource's keyword
`__init__` overload, an input type's `__init__`), that required inputs are given, and that
every attribute read from a variable holding a resource is one of its output properties.
py_compile only proves the syntax; this catches a misspelt property name, which Python itself
would report only when the program runs. Prints one line per problem and exits 1 if any.
"""

import ast
import os
import sys

PACKAGE = "pulumi_posit_connect"


class SdkClass:
    def __init__(self, name, params, required, outputs):
        self.name = name
        self.params = params
        self.required = required
        self.outputs = outputs


def exported_names(tree):
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return {elt.value for elt in node.value.elts}
    return set()


def method(cls, name):
    for node in cls.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            yield node


def keyword_params(fn, skip):
    args = fn.args
    names = [a.arg for a in args.args + args.kwonlyargs]
    return [n for n in names if n not in skip]


def required_kwonly(fn):
    # An input type's __init__: keyword-only parameters without a default are required.
    return {
        a.arg for a, default in zip(fn.args.kwonlyargs, fn.args.kw_defaults) if default is None
    }


def missing_property_checks(fn):
    # A resource's _internal_init raises "Missing required property '<name>'" for each
    # required input; the message holds the schema name, the parameter is its snake_case.
    required = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            prefix = "Missing required property '"
            if node.value.startswith(prefix):
                required.add(node.value[len(prefix) : -1])
    return required


def snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def is_property(fn):
    return any(
        (isinstance(d, ast.Attribute) and d.attr == "property")
        or (isinstance(d, ast.Name) and d.id == "property")
        for d in fn.decorator_list
    )


def load_sdk(sdk_dir):
    """Maps dotted names (pulumi_posit_connect.databricks.OAuth) to their SdkClass."""
    classes = {}
    root = os.path.join(sdk_dir, PACKAGE)
    if not os.path.isdir(root):
        sys.exit(f"no {PACKAGE} package in {sdk_dir}")
    for folder, _, files in os.walk(root):
        rel = os.path.relpath(folder, sdk_dir).replace(os.sep, ".")
        for file in files:
            if not file.endswith(".py") or file == "__init__.py":
                continue
            with open(os.path.join(folder, file), encoding="utf-8") as f:
                tree = ast.parse(f.read(), file)
            exported = exported_names(tree)
            for cls in tree.body:
                if not isinstance(cls, ast.ClassDef) or cls.name not in exported:
                    continue
                outputs = {fn.name for fn in cls.body if isinstance(fn, ast.FunctionDef) and is_property(fn)}
                internal = list(method(cls, "_internal_init"))
                if internal:
                    # A resource: its inputs are _internal_init's (the keyword overload's) parameters.
                    params = keyword_params(internal[0], {"__self__", "resource_name", "opts", "__props__"})
                    required = {snake(n) for n in missing_property_checks(internal[0])}
                else:
                    inits = list(method(cls, "__init__"))
                    if not inits:
                        continue  # a TypedDict: no constructor to call
                    params = keyword_params(inits[0], {"__self__"})
                    required = required_kwonly(inits[0])
                # Classes are exported by their module's package (`from .o_auth import *`).
                classes[f"{rel}.{cls.name}"] = SdkClass(cls.name, set(params), required, outputs)
    return classes


def dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def check_example(path, classes):
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    aliases = {}  # local name -> dotted SDK module path
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name == PACKAGE or a.name.startswith(PACKAGE + "."):
                    aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else PACKAGE
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PACKAGE):
            for a in node.names:
                aliases[a.asname or a.name] = f"{node.module}.{a.name}"
    problems = []
    used = 0

    def resolve(node):
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        if head not in aliases:
            return None
        return aliases[head] + ("." + rest if rest else "")

    resources = {}  # variable name -> SdkClass of the resource assigned to it
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        target = resolve(node.func)
        if target is None:
            continue
        used += 1
        where = f"{path}:{node.lineno}"
        cls = classes.get(target)
        if cls is None:
            problems.append(f"{where}: {target} is not a class of the generated SDK")
            continue
        given = set()
        for kw in node.keywords:
            if kw.arg is None:
                problems.append(f"{where}: {target}(**...) cannot be checked; spell the arguments out")
                continue
            given.add(kw.arg)
            if kw.arg not in cls.params and kw.arg != "opts":
                problems.append(
                    f"{where}: {target} has no parameter {kw.arg!r} (it takes {', '.join(sorted(cls.params))})"
                )
        for missing in sorted(cls.required - given):
            problems.append(f"{where}: {target} needs {missing!r}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            target = resolve(node.value.func)
            if target in classes:
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        resources[t.id] = classes[target]
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in resources
        ):
            cls = resources[node.value.id]
            if node.attr not in cls.outputs:
                problems.append(
                    f"{path}:{node.lineno}: {cls.name} has no output {node.attr!r} (it has {', '.join(sorted(cls.outputs))})"
                )
    if used == 0:
        problems.append(f"{path}: uses no class of {PACKAGE}")
    return problems


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    classes = load_sdk(sys.argv[1])
    problems = []
    for example in sys.argv[2:]:
        problems += check_example(example, classes)
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print(f"checked {len(sys.argv) - 2} examples against {len(classes)} SDK classes")


if __name__ == "__main__":
    main()
