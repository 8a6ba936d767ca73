"""The library's shape: private modules of one job, an internal API without underscores, no type switches.

These guard the layering of w2s_lib (book: none; this is for maintainers): a module may use
another module's public names only, nothing outside a setting's own module asks which
setting it has, imports sit at the top of their module, no module grows past about 400
lines, and every public object documents itself in ``help()`` without MyST markup.
"""

import ast
import pydoc
import re
from pathlib import Path

import pytest

import w2s_lib as w

PACKAGE = Path(w.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))
SETTING_CLASSES = {"ReLUSphere": "_relu_sphere.py", "LinearGaussian": "_linear_gaussian.py"}
MAX_LINES = 400


def _tree(path):
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_module_imports_another_modules_underscore_names(path):
    bad = [f"line {node.lineno}: {alias.name}" for node in ast.walk(_tree(path))
           if isinstance(node, ast.ImportFrom) and node.level >= 1
           for alias in node.names if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert not bad, f"{path.name} imports private names of other modules: {bad}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_module_asks_which_setting_it_has(path):
    """isinstance(x, ReLUSphere) and the like appear only in that setting's own module."""
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "isinstance" and len(node.args) == 2:
            names = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
            found += [(name, node.lineno) for name in names if name in SETTING_CLASSES
                      and SETTING_CLASSES[name] != path.name]
    assert not found, f"{path.name} switches on setting types: {found}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_only_the_package_root_and_the_figures_import_a_setting_class(path):
    """Solvers reach a setting through the protocol; only __init__ (re-export), figures and the
    plotting modules (which build the book's settings) name the classes."""
    if path.name in {"__init__.py", "figures.py"} | set(SETTING_CLASSES.values()) or path.name.startswith("_plot_"):
        return
    bad = [alias.name for node in ast.walk(_tree(path)) if isinstance(node, ast.ImportFrom)
           for alias in node.names if alias.name in SETTING_CLASSES]
    assert not bad, f"{path.name} imports {bad}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_private_attribute_of_another_object_is_touched(path):
    """obj._name only on self (or cls): a module uses other objects through their public names."""
    bad = []
    for node in ast.walk(_tree(path)):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls", "sys"))):
            bad.append(f"line {node.lineno}: .{node.attr}")
    assert not bad, f"{path.name} reaches into private attributes: {bad}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_imports_sit_at_the_top_of_each_module(path):
    lazy = [node.lineno for node in ast.walk(_tree(path))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            for inner in ast.walk(node) if isinstance(inner, (ast.Import, ast.ImportFrom))]
    assert not lazy, f"{path.name} imports inside functions (lines {lazy}); only a real cycle justifies that"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_modules_stay_small(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.name} has {n} lines (more than {MAX_LINES}): split it by job"


@pytest.mark.parametrize("name", w.__all__)
def test_public_docstrings_render_in_help_without_myst_roles(name):
    obj = getattr(w, name)
    text = pydoc.render_doc(obj, renderer=pydoc.plaintext)
    assert not re.search(r"\{(prf:[a-z]+|ref|numref|eq|math|doc|cite:[tp]|glue:[a-z]+)\}`", text), \
        f"{name}: MyST role in its help()"
    if isinstance(obj, type) or callable(obj):
        assert obj.__doc__ and obj.__doc__.strip(), f"{name} has no docstring"


def test_help_of_finite_student_shows_the_class_not_numpy():
    text = pydoc.render_doc(w.FiniteStudent, renderer=pydoc.plaintext)
    assert "class FiniteStudent" in text and "A prepared finite-width student" in text
    assert "ndarray(shape, dtype" not in text and "An array object represents" not in text


def test_the_readme_module_map_lists_every_module_with_its_size():
    """The map in README.md names every module, with a line count within 15 % of the file's."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    listed = {m.group(1): int(m.group(2)) for m in re.finditer(r"^\| `(\w+\.py)` \| (\d+) \|", readme, re.M)}
    for p in MODULES:
        if p.name == "__init__.py":
            continue
        assert p.name in listed, f"README's module map lacks {p.name}"
        n = len(p.read_text(encoding="utf-8").splitlines())
        assert abs(listed[p.name] - n) <= 0.15 * n, f"README says {p.name} has {listed[p.name]} lines; it has {n}"
