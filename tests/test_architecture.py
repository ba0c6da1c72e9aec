"""The layout rules of docs/architecture.md that import-linter cannot see: where routes and blueprints
live, and the order the app factory sets the areas up in. Read from the source (ast), nothing imported."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from eventsys import AREAS
from eventsys.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "eventsys"
ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete"}
# views.py; or, split by audience, views_public / views_manage / views_personal, with an optional topic.
VIEW_MODULE = re.compile(r"views(_(public|manage|personal)(_[a-z]+)*)?\.py")
AREA_PACKAGES = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py") if p.parent.name != "api")


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def registers_routes(module: ast.Module) -> bool:
    """`@<blueprint>.route(...)`, `.get(...)`... as a decorator, or any `.add_url_rule(...)` call."""
    for node in ast.walk(module):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and isinstance(decorator.func, ast.Attribute)
                    and decorator.func.attr in ROUTE_DECORATORS
                ):
                    return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_url_rule":
            return True
    return False


def creates_blueprint(module: ast.Module) -> bool:
    return any(
        isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Blueprint"
        for node in ast.walk(module)
    )


def imported_modules(module: ast.Module, package: str) -> set[str]:
    """Every eventsys module or name that `module` (in `package`) imports, function bodies included."""
    names = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            anchor = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            base = ".".join([*anchor, *([node.module] if node.module else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in names if name.startswith("eventsys.")}


def route_module_problem(relative: str) -> str | None:
    """Why a module that registers routes, at `relative` under eventsys/, breaks the naming rule."""
    parts = relative.split("/")
    if len(parts) != 2:
        return "routes live one level down: eventsys/<area>/views*.py or eventsys/api/<area>.py"
    area, name = parts
    if area == "api":
        # docs.py serves the API's own description (the OpenAPI document and its reading page).
        if name.removesuffix(".py") not in (*AREA_PACKAGES, "docs"):
            return f"an API module is named after the area whose services it serves ({', '.join(AREA_PACKAGES)})"
        return None
    if not VIEW_MODULE.fullmatch(name):
        return "an area's routes live in views.py, or views_public/views_manage/views_personal[_topic].py"
    return None


@pytest.mark.parametrize(
    ("relative", "allowed"),
    [
        ("agenda/views.py", True),
        ("agenda/views_manage_people.py", True),
        ("registration/views_personal.py", True),
        ("api/checkin.py", True),
        ("api/docs.py", True),
        ("registration/organizer_views.py", False),
        ("events/manage.py", False),
        ("agenda/views_admin.py", False),
        ("api/helpers.py", False),
        ("agenda/views/public.py", False),
    ],
)
def test_the_naming_rule_itself(relative, allowed):
    assert (route_module_problem(relative) is None) == allowed


def test_every_module_with_routes_follows_the_naming_rule():
    problems = []
    for path in modules():
        relative = path.relative_to(PACKAGE).as_posix()
        if registers_routes(tree(path)) and (problem := route_module_problem(relative)):
            problems.append(f"eventsys/{relative}: {problem}")
    assert problems == []


def test_blueprints_are_created_in_views_py_or_the_api_package():
    allowed = {"api/__init__.py"} | {f"{area}/views.py" for area in AREA_PACKAGES}
    creators = {path.relative_to(PACKAGE).as_posix() for path in modules() if creates_blueprint(tree(path))}
    assert creators - allowed == set()


@pytest.mark.parametrize("area", AREA_PACKAGES)
def test_a_split_area_keeps_only_its_blueprints_in_views_py_and_imports_every_part(area):
    parts = sorted(p.stem for p in (PACKAGE / area).glob("views_*.py"))
    if not parts:
        return
    views = tree(PACKAGE / area / "views.py")
    assert not registers_routes(views), f"eventsys/{area}/views.py: the routes belong in {parts}"
    # Importing views.py must give the complete blueprint, whoever imports it first.
    missing = {f"eventsys.{area}.{part}" for part in parts} - imported_modules(views, f"eventsys.{area}")
    assert missing == set()


def test_the_factory_sets_up_each_area_after_the_areas_it_imports():
    position = {area: index for index, area in enumerate(AREAS)}
    late = []
    for area in AREAS:
        for path in (PACKAGE / area).rglob("*.py"):
            for name in imported_modules(tree(path), f"eventsys.{area}"):
                used = name.split(".")[1]
                if used in position and position[used] > position[area]:
                    late.append(f"eventsys.{area} ({path.name}) imports eventsys.{used}, set up later")
    assert late == []


NOQA = re.compile(r"#\s*noqa\b(?P<rest>.*)$")


def test_every_noqa_names_its_codes_and_says_why():
    """A silenced lint finding must say which rule and why (`# noqa: E402  (reason)`), so the next
    reader can tell whether the reason still holds."""
    unexplained = []
    for folder in ("eventsys", "tests", "bench", "migrations"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            if any(part.startswith(".") for part in path.relative_to(PROJECT_ROOT).parts):
                continue  # hidden folders hold others' code (bench/peers/.pretix-venv), not ours
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found = NOQA.search(line)
                if found and not re.match(r":\s*[A-Z]+[0-9]+(,\s*[A-Z]+[0-9]+)*\s+\(.+\)", found["rest"]):
                    unexplained.append(f"{path.relative_to(PROJECT_ROOT)}:{number}")
    assert unexplained == []
