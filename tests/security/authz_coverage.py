"""Every address the site answers: each URL pattern (walked recursively from the root
resolver) and each sub-route of a routable Wagtail page type. The matrix must cover
all of them: Cradle's own with an explicit row, third-party ones with a rule."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

OUR_APPS = ("lms", "courses", "echo", "certificates")


@dataclass(frozen=True)
class Pattern:
    """One address of the site. ``key`` is what the matrix names it by: the
    namespaced URL name (``certificates:download``), the route for an unnamed
    pattern, or ``page:<app.Model>:<route name>`` for a page's sub-route."""

    key: str
    route: str
    namespace: str
    module: str

    @property
    def ours(self) -> bool:
        return self.module.split(".")[0] in OUR_APPS


def _module_of(callback) -> str:
    view_class = getattr(callback, "view_class", None)
    target = view_class or callback
    return getattr(target, "__module__", "") or ""


def url_patterns(resolver: URLResolver | None = None) -> list[Pattern]:
    """Every URL pattern under ``resolver`` (the root one by default)."""
    found: list[Pattern] = []

    def walk(node: URLResolver, prefix: str, namespaces: tuple[str, ...]) -> None:
        for item in node.url_patterns:
            if isinstance(item, URLResolver):
                inner = (*namespaces, item.namespace) if item.namespace else namespaces
                walk(item, prefix + str(item.pattern), inner)
            elif isinstance(item, URLPattern):
                route = prefix + str(item.pattern)
                namespace = ":".join(namespaces)
                if item.name:
                    key = f"{namespace}:{item.name}" if namespace else item.name
                else:
                    key = route
                found.append(Pattern(key, route, namespace, _module_of(item.callback)))

    walk(resolver or get_resolver(), "", ())
    return found


def page_routes() -> list[Pattern]:
    """The sub-routes of every routable page type (``RoutablePageMixin``)."""
    from wagtail.contrib.routable_page.models import RoutablePageMixin
    from wagtail.models import get_page_models

    found = []
    for model in get_page_models():
        if not issubclass(model, RoutablePageMixin):
            continue
        label = model._meta.label
        for route in model.get_subpage_urls():
            found.append(
                Pattern(
                    f"page:{label}:{route.name}",
                    str(route.pattern),
                    "",
                    model.__module__,
                )
            )
    return found


def our_namespaces(patterns: list[Pattern]) -> set[str]:
    """Namespaces that belong to Cradle: any with one of our views in it, and those of
    the admin viewsets our apps register (whose generic views are Wagtail's)."""
    from wagtail.admin.viewsets import viewsets

    names = {p.namespace for p in patterns if p.ours and p.namespace}
    for viewset in viewsets.viewsets:
        if type(viewset).__module__.split(".")[0] in OUR_APPS:
            namespace = getattr(viewset, "name", None)
            if namespace:
                names.add(namespace)
    return names


def all_addresses() -> list[Pattern]:
    return [*url_patterns(), *page_routes()]


def coverage_problems(patterns, entries, rules) -> list[str]:
    """What the matrix leaves out: a pattern of ours without an explicit row, any
    other pattern that neither a row nor a third-party rule covers, and rows or rules
    that name nothing (left behind when an address was removed)."""
    explicit = {entry.key for entry in entries}
    namespaces = our_namespaces([p for p in patterns if not p.key.startswith("page:")])
    problems = []
    used_rules = set()
    for pattern in patterns:
        if pattern.key in explicit:
            continue
        if pattern.ours or pattern.namespace in namespaces:
            problems.append(f"{pattern.key} ({pattern.route}): ours, needs a row")
            continue
        rule = next((r for r in rules if r.covers(pattern)), None)
        if rule is None:
            problems.append(f"{pattern.key} ({pattern.route}): no row and no rule")
        else:
            used_rules.add(rule.label)
    keys = {p.key for p in patterns}
    for key in sorted(explicit - keys):
        problems.append(f"{key}: a row for an address the site no longer has")
    for rule in rules:
        if rule.label not in used_rules:
            problems.append(f"rule {rule.label!r} covers no address")
    return problems
