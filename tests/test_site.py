"""The static site without a browser: pages, links, escaping, determinism, atomic writes."""

from __future__ import annotations

import html
import html.parser
import re
from pathlib import Path

import pytest

import normgraph
from normgraph.cli import main
from normgraph.site import build_site
from normgraph.site import render as site_render
from normgraph.site.graphs import membership_network
from normgraph.site.model import collect
from normgraph.site.pages import site_pages
from normgraph.site.render import CSP, script_json

from .conftest import LONG_LABEL

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOSTILE = "site-hostile.ttl"


def html_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.html"))


def every_file(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


class Links(html.parser.HTMLParser):
    """The href and src attributes of a page, and the tags it uses."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.scripts: list[dict[str, str | None]] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.refs.append((tag, name, value))
        if tag == "script":
            self.scripts.append(dict(attrs))


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def test_every_page_is_written(site: Path, kb: normgraph.KnowledgeBase) -> None:
    data = collect(kb)
    members = {m.actor for m in data.memberships}
    expected = {"index.html", "timeline.html", "overlaps.html", "members.html"}
    expected |= {"topics.html", "search.html", "data.html"}
    expected |= {f"topic/{t.slug}.html" for t in data.topics.values()}
    expected |= {f"process/{p.slug}.html" for p in data.processes.values()}
    expected |= {f"norm/{n.slug}.html" for n in data.norms.values()}
    expected |= {f"actor/{data.actors[a].slug}.html" for a in members}
    written = {str(p.relative_to(site)) for p in html_files(site)}
    assert written == expected
    assert len(data.processes) > 10 and len(data.norms) > 10  # the bundled data is there


def test_build_returns_the_pages_it_wrote(tmp_path: Path, kb: normgraph.KnowledgeBase) -> None:
    pages = build_site(kb, tmp_path / "out")
    assert sorted(pages) == html_files(tmp_path / "out")


def test_every_internal_link_resolves(site: Path) -> None:
    for page in html_files(site):
        for _tag, _attr, ref in parse(page).refs:
            if ref.startswith(("http://", "https://", "#")):
                continue
            target = (page.parent / ref.split("#")[0]).resolve()
            assert target.is_file(), f"{page.relative_to(site)} links to missing {ref}"


def test_graph_node_urls_resolve(site: Path) -> None:
    for page in [site / "index.html", site / "members.html", *sorted((site / "norm").iterdir())]:
        data = re.search(
            r'<script type="application/json" id="graph-data">(.*?)</script>',
            page.read_text(encoding="utf-8"),
            re.S,
        )
        assert data, page
        for url in re.findall(r'"url":"([^"]+)"', data.group(1)):  # graph and search entries
            assert (site / url.split("#")[0]).is_file(), f"{page.name}: node url {url}"


def test_assets_are_local_and_shared(site: Path) -> None:
    for page in html_files(site):
        links = parse(page)
        for tag, _attr, ref in links.refs:
            if tag in ("script", "link", "img", "iframe"):
                assert not re.match(r"^(https?:)?//", ref), f"{page.name} loads {ref}"
        # Scripts come from assets/ files only; inline ones are data, never code.
        for script in links.scripts:
            assert script.get("src") or script.get("type") == "application/json"
        assert "style" not in links.tags
        assert "vis.Network" not in page.read_text(encoding="utf-8")
    for css in (site / "assets").glob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8"))
    copies = [p for p in site.rglob("*") if p.name.startswith("vis-network")]
    assert sorted(p.relative_to(site).as_posix() for p in copies) == [
        "assets/vis-network.css",
        "assets/vis-network.min.js",
    ]
    # No page carries a copy of the library: a page may be large (the overlap heatmap
    # grows with the square of the number of processes), but not by inlining vis-network.
    library = (site / "assets" / "vis-network.min.js").read_text(encoding="utf-8")
    excerpt = library[len(library) // 2 : len(library) // 2 + 120]
    assert not any(excerpt in page.read_text(encoding="utf-8") for page in html_files(site))


def test_every_page_sets_the_content_security_policy(site: Path) -> None:
    meta = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    assert "script-src 'self'" in CSP and "unsafe" not in CSP
    for page in html_files(site):
        assert meta.replace("'", "&#39;") in page.read_text(encoding="utf-8"), page.name


def test_building_twice_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764720000")  # the build date on every page
    # On one process, then shared out among three: the pages do not depend on which
    # process wrote them, nor the order of the paths returned.
    first = build_site(normgraph.load(), tmp_path / "a", workers=1)
    second = build_site(normgraph.load(), tmp_path / "b", workers=3)
    assert [p.relative_to(tmp_path / "a") for p in first] == [
        p.relative_to(tmp_path / "b") for p in second
    ]
    # The data files too, although blank nodes get new labels at every load.
    assert every_file(tmp_path / "a") == every_file(tmp_path / "b")
    assert "built on 2025-12-03" in (tmp_path / "a" / "index.html").read_text(encoding="utf-8")


def test_a_failed_build_leaves_the_previous_site(
    tmp_path: Path, kb: normgraph.KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    build_site(kb, out)
    before = every_file(out)
    calls = []

    def failing(env: object, page: object) -> str:
        calls.append(page)
        if len(calls) > 5:
            raise RuntimeError("disk on fire")
        return "half a site"

    monkeypatch.setattr(site_render, "render", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        build_site(kb, out)
    assert every_file(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left


HOSTILE_PAYLOADS = [
    "<img src=x onerror",
    "</script><script>",
    "<script>window.__pwned",
    "<svg onload",
    "<iframe",
    "<b onclick",
    "<b onmouseover",
]


def test_hostile_texts_are_escaped_in_the_html(hostile_site: Path) -> None:
    pages = html_files(hostile_site)
    assert len(pages) == 7 + 3 + 2 + 2 + 1  # overviews, processes, norms, actors, topics
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for payload in HOSTILE_PAYLOADS:
            assert payload not in text, f"{page.name} has {payload!r} unescaped"
        for tag, attr, ref in parse(page).refs:
            assert not ref.lower().startswith("javascript"), (page.name, tag, attr, ref)
        if 'id="graph-data">' in text:
            embedded = text.split('id="graph-data">')[1].split("</script>")[0]
            assert "\u2028" not in embedded and "\u2029" not in embedded
    process = (hostile_site / "process" / "evil-img.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=&#34;window.__pwned=&#39;process label&#39;&#34;&gt;" in process
    assert "&lt;/script&gt;&lt;script&gt;window.__pwned=&#39;mandate&#39;" in process
    index = (hostile_site / "index.html").read_text(encoding="utf-8")
    assert "\\u003cimg src=x onerror" in index  # the graph's JSON, escaped for <script>


def test_a_hostile_iri_gets_a_safe_file_name(hostile_site: Path) -> None:
    names = [p.name for p in (hostile_site / "process").iterdir()]
    assert all(re.fullmatch(r"[a-z0-9_.-]+\.html", name) for name in names), names
    assert any(name.startswith("x-22onclick") for name in names)


def test_script_json_cannot_close_its_element() -> None:
    text = str(script_json({"a": "</script><!-- & \u2028\u2029"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029"}'


def test_the_members_graph_links_processes_by_shared_members(fixture_kb) -> None:
    data = collect(fixture_kb(HOSTILE))
    network = membership_network(data)
    ids = {node["id"].rsplit("/", 1)[1] for node in network["nodes"]}
    assert ids == {"evil-img", "evil-svg"}  # the processes with members, not the members
    (edge,) = network["edges"]
    assert edge["compare"] == sorted(node["id"] for node in network["nodes"])
    assert "share 1 member" in edge["tip"]["title"]


def test_norm_pages_list_every_hop_with_its_source(fixture_kb) -> None:
    data = collect(fixture_kb(HOSTILE))
    page = next(p for p in site_pages(data) if p.path == "norm/evil-b.html")
    assert page.graph is not None
    assert [n["id"].rsplit("/", 1)[1] for n in page.graph["nodes"]] == ["evil-a", "evil-b"]
    (hop,) = page.context["hops"]
    assert hop["kind"] == "adapts"
    assert [s["locator"][:9] for s in hop["sources"]] == ["</script>"]
    earlier, _later = sorted(page.graph["nodes"], key=lambda n: n["x"])
    assert earlier["id"].endswith("evil-a")  # earlier norms on the left


def test_the_build_command_writes_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    code = main(["build", "--out", str(out), "--no-bundled", "--data", str(FIXTURES / HOSTILE)])
    assert code == 0
    assert f"wrote 15 pages to {out.resolve()}/index.html" in capsys.readouterr().out
    assert (out / "assets" / "graph.js").is_file()


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_build_renders_on_as_many_processes_as_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    out = tmp_path / "site"
    argv = ["build", "--jobs", jobs, "--out", str(out), "--no-bundled"]
    assert main([*argv, "--data", str(FIXTURES / HOSTILE)]) == 0
    assert "wrote 15 pages" in capsys.readouterr().out


@pytest.mark.parametrize("asked", [None, "4"])
def test_build_keeps_openblas_to_one_thread_unless_the_user_chose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, asked: str | None
) -> None:
    import os

    monkeypatch.setenv("OPENBLAS_NUM_THREADS", asked or "")  # restored after the test
    if asked is None:
        monkeypatch.delenv("OPENBLAS_NUM_THREADS")
    argv = ["build", "--out", str(tmp_path / "site"), "--no-bundled"]
    assert main([*argv, "--data", str(FIXTURES / HOSTILE)]) == 0
    assert os.environ["OPENBLAS_NUM_THREADS"] == (asked or "1")


def test_build_collects_cycles_less_often_while_it_runs_and_restores_the_collector(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import normgraph.site

    seen = []
    real = normgraph.site.build_site
    monkeypatch.setattr(
        normgraph.site, "build_site", lambda *a: seen.append(gc.get_threshold()) or real(*a)
    )
    before = gc.get_threshold()
    argv = ["build", "--out", str(tmp_path / "site"), "--no-bundled"]
    assert main([*argv, "--data", str(FIXTURES / HOSTILE)]) == 0
    assert seen == [(200_000, 30, 30)] and gc.get_threshold() == before


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_build_refuses_a_number_of_jobs_that_is_not_one_or_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["build", "--jobs", jobs, "--out", str(tmp_path / "site")])
    assert stop.value.code == 2
    assert f"argument --jobs: '{jobs}' is not a number of processes" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_build_imports_against_the_data_it_builds_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    out = tmp_path / "site"
    args = ["build", "--out", str(out), "--data", str(FIXTURES / "import-known-actor.ttl")]
    args += ["--import", f"paris-call={FIXTURES / 'paris-call-messy.csv'}"]
    assert main(args) == 0
    # The supporter row "Acme Widgets" joined the actor of --data, not a new one.
    assert (out / "actor" / "acme.html").is_file()
    assert not (out / "actor" / "acme-widgets.html").exists()
    assert list(scratch.iterdir()) == []


def test_long_labels_are_cut_with_the_full_text_in_a_title(odd_labels_site: Path) -> None:
    page = (odd_labels_site / "index.html").read_text(encoding="utf-8")
    shown = re.findall(r'<bdi title="(Longx+)">(Longx+)…</bdi>', page)
    assert shown and all(full == LONG_LABEL and len(cut) <= 160 for full, cut in shown)


def test_bidi_controls_never_reach_a_page(odd_labels_site: Path) -> None:
    for page in html_files(odd_labels_site):
        text = page.read_text(encoding="utf-8")
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", text), page.name
    index = (odd_labels_site / "index.html").read_text(encoding="utf-8")
    assert "<bdi>Harmless gnirts desrever process</bdi>" in index


class _CountingIteration:
    """A graph stand-in that counts how often the whole graph is iterated (``set(graph)``)."""

    def __init__(self, graph: object) -> None:
        self._graph = graph
        self.iterations = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        self.iterations += 1
        return iter(self._graph)  # type: ignore[call-overload]

    def __contains__(self, node: object) -> bool:
        return node in self._graph  # type: ignore[operator]

    def __len__(self) -> int:
        return len(self._graph)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> object:
        return getattr(self._graph, name)


def test_per_page_work_does_not_walk_the_whole_graph(kb: normgraph.KnowledgeBase) -> None:
    """Issue 12: a norm or process page never copies every norm (the site grew as n²)."""
    from normgraph.site import pages

    data = collect(kb)
    counting = _CountingIteration(data.derivation_graph)
    data.derivation_graph = counting  # type: ignore[assignment]
    index = pages.SiteIndex(data)
    for norm in data.norms.values():
        pages.norm_page(data, index, norm)
    for process in data.processes.values():
        pages.process_page(data, index, process)
    assert counting.iterations == 0


def test_a_norm_page_lists_a_bounded_number_of_peers_per_topic(
    kb: normgraph.KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12: listing every norm of a topic on each of its norms' pages grows as n²."""
    from normgraph.site import pages

    monkeypatch.setattr(pages, "TOPIC_PEERS", 3)
    data = collect(kb)
    index = pages.SiteIndex(data)
    topic = max(data.topics.values(), key=lambda t: len(t.norms))
    norm = data.norms[topic.norms[0]]
    others = [n for n in topic.norms if data.norms[n].process != norm.process]
    assert len(others) > 3
    page = pages.norm_page(data, index, norm)
    [peers] = [t for t in page.context["topics"] if t["url"].endswith(f"{topic.slug}.html")]
    assert [n["url"] for n in peers["elsewhere"]] == [
        f"norm/{data.norms[n].slug}.html" for n in others[:3]
    ]
    assert peers["more"] == len(others) - 3
    html_text = site_render.render(site_render.environment(), page)
    assert f"And {len(others) - 3} more:" in html_text


TOPICS = "site-topics.ttl"


@pytest.fixture(scope="module")
def topics_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("topics") / "site"
    build_site(normgraph.load([FIXTURES / TOPICS], bundled=False), out)
    return out


def text_of(page: Path) -> str:
    """A page's visible text, one space between words."""
    body = re.sub(r"<script.*?</script>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_a_topic_page_sets_each_processs_norms_side_by_side(topics_site: Path) -> None:
    text = text_of(topics_site / "topic" / "topic-ci.html")
    # Earliest process first; each norm with summary, date, reference and its hops.
    assert text.index("Group of Experts on Infrastructure") < text.index("Two-state")
    assert text.index("Two-state") < text.index("Call for Safe Infrastructure")
    assert "States should not damage infrastructure." in text
    assert "A/1/2, para. 13(f)" in text and "Call, principle 3" in text
    assert "adapts 13(f) No damage to infrastructure" in text and "(textual match)" in text
    assert "restates it (stated)" in text


def test_a_norm_page_shows_topics_confidence_and_conflicts(topics_site: Path) -> None:
    text = text_of(topics_site / "norm" / "n-call.html")
    assert "Topics Critical infrastructure" in text
    assert "adapts textual match 13(f) No damage to infrastructure" in text
    assert "On the same topic elsewhere: Critical infrastructure" in text
    # Labels are isolated in <bdi> elements, so the text has a space inside the brackets.
    assert re.search(
        r"1 Infrastructure is off limits \( ?Two-state infrastructure accord ?\)", text
    )
    assert "In conflict with" in text and "Rival texts on the same matter." in text


def test_gaps_read_as_gaps(topics_site: Path, site: Path) -> None:
    # A membership known only from a list is "listed by" that day, and its bar starts then.
    actor = (topics_site / "actor" / "acme.html").read_text(encoding="utf-8")
    assert "listed by 11 Nov 2021" in text_of(topics_site / "actor" / "acme.html")
    assert re.search(r'<text x="\d+" y="12" class="tick">2021</text>', actor)
    # Member counts say what is recorded against what is stated, never a bare number.
    from normgraph.analytics.views import views

    lists = views(normgraph.load()).member_lists.set_index("process")["summary"]
    gge = text_of(site / "process" / "gge-2016-2017.html")
    gge_iri = "https://w3id.org/normgraph/id/process/gge-2016-2017"
    said = lists[gge_iri]
    assert re.search(r"recorded|complete", said)
    assert f"Members {said}" in gge and f"Members: {said}" in gge
    assert "Members (as stated)" not in gge
    index = text_of(site / "index.html")
    assert lists["https://w3id.org/normgraph/id/process/gge-2014-2015"] in index
    # Each process says when its facts were last reviewed, or that the data does not say.
    assert "Facts last reviewed on 2026-11-30." in text_of(topics_site / "process" / "gge.html")
    reviewed = views(normgraph.load()).processes.set_index("process")["last_reviewed"]
    assert f"Facts last reviewed on {reviewed[gge_iri]}." in gge


def test_bilateral_and_national_processes_have_their_own_style(topics_site: Path) -> None:
    from normgraph.analytics.views import PROCESS_KINDS
    from normgraph.site.style import PROCESS_STYLES

    assert set(PROCESS_KINDS) <= set(PROCESS_STYLES)
    assert "Kind bilateral" in text_of(topics_site / "process" / "accord.html")
    assert "Kind national initiative" in text_of(topics_site / "process" / "strategy.html")


def test_every_page_names_the_dataset_and_links_the_downloads(site: Path) -> None:
    import json

    import pyoxigraph as ox

    for page in html_files(site):
        text = text_of(page)
        assert re.search(r"normgraph dataset 0\.1\.0 \(data [0-9a-f]{8}\), built on \d{4}-", text)
        assert "How to cite" in text, page
    data = text_of(site / "data.html")
    assert "@misc{normgraph_0_1_0_" in data and '"type": "dataset"' in data
    turtle = (site / "normgraph.ttl").read_bytes()
    assert turtle.startswith(b"@prefix") and b"p:gcsc" in turtle
    triples = (site / "normgraph.nt").read_bytes().count(b"\n")
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) == triples
    jsonld = json.loads((site / "normgraph.jsonld").read_bytes())
    assert jsonld["@context"]["ng"] == "https://w3id.org/normgraph/ontology#"
    assert (
        len(list(ox.parse((site / "normgraph.jsonld").read_bytes(), format=ox.RdfFormat.JSON_LD)))
        == triples
    )


def test_the_pages_name_the_digest_of_the_triples_downloaded(site: Path, kb) -> None:
    # The digest comes from the downloads' child: the one the pages name must be that
    # of the N-Triples written beside them, and of the data itself.
    from normgraph.site.dataset import dataset, digest

    named = re.search(r"\(data ([0-9a-f]{8})\)", text_of(site / "index.html"))
    assert named is not None
    assert named.group(1) == digest((site / "normgraph.nt").read_bytes())
    assert named.group(1) == dataset(kb).digest


def test_the_search_page_embeds_every_name_the_resolver_knows(site: Path) -> None:
    import json

    page = (site / "search.html").read_text(encoding="utf-8")
    entries = json.loads(page.split('id="search-data">')[1].split("</script>")[0])
    names = {name for e in entries for name in e["names"]}
    assert {"OEWG", "13(f)", "DEU", "Russia"} <= names
    assert all((site / e["url"]).is_file() for e in entries)


def test_collect_reshapes_the_views_and_runs_no_query_of_its_own(
    fixture_kb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12: the site reads the one model the command line and notebooks read."""
    from functools import cached_property

    from normgraph.analytics.names import name_index
    from normgraph.analytics.views import Views, views
    from normgraph.dates import Period
    from normgraph.site.model import Citation, Relation

    kb = fixture_kb("analytics-base.ttl", "views-records.ttl")
    model = views(kb)
    for name, member in vars(Views).items():
        if isinstance(member, cached_property):
            getattr(model, name)
    name_index(model)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("collect ran a query of its own")

    monkeypatch.setattr(kb, "select", refuse)
    monkeypatch.setattr(kb, "query", refuse)
    data = collect(kb)

    ex = "https://example.org/"
    gge_a = data.processes[ex + "gge-a"]
    assert (gge_a.form, gge_a.status, gge_a.outcome) == ("forum", "concluded", "consensus report")
    assert (gge_a.series, gge_a.outcome_document) == (ex + "gge", ex + "doc")
    assert data.processes[ex + "gge"].is_series and not gge_a.is_series
    memberships = {m.iri: m for m in data.memberships}
    ngo = memberships[ex + "m-call-ngo"]
    assert (ngo.role, ngo.start, ngo.listed) == (
        "signatory or supporter",
        None,
        Period.parse("2019-11-10"),
    )
    body = data.actors[ex + "unknown-body"]  # a member typed as no actor
    assert (body.label, body.kind, memberships[ex + "m-club-body"].role) == (
        "unknown-body",
        "other",
        "observer",
    )
    assert data.actors[ex + "chair-person"].nationality == ex + "ruritania"
    assert [r.iri for r in data.relations if r.subject == ex + "commission"] == [
        ex + "r1",
        ex + "r4",
    ]
    assert Relation(ex + "gge-a", ex + "gge-a", "iterationOf", ex + "gge") in data.relations
    assert data.cites(ex + "r4") == [Citation(ex + "p2", "para. 2", ex + "un-report")]
    assert data.sources[ex + "un-report"].page == "https://undocs.org/A/70/174"
    assert (data.norms[ex + "z1"].label, data.norms[ex + "z1"].process) == (
        "Only an rdfs label",
        ex + "club",
    )


def test_compiled_templates_are_cached_apart_for_each_jinja_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Jinja checks a cached template against its source only: code compiled for another
    # Jinja, or for other environment options, must not be read back.
    import jinja2

    from normgraph.site import render

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    render.environment().get_template("base.html")
    (first,) = (tmp_path / "normgraph" / "templates").iterdir()
    assert list(first.glob("*.cache"))
    monkeypatch.setattr(jinja2, "__version__", "0.0-other")
    render.environment().get_template("base.html")
    folders = set((tmp_path / "normgraph" / "templates").iterdir())
    assert len(folders) == 2 and all(list(folder.glob("*.cache")) for folder in folders)


def test_heatmap_cells_escape_their_labels_and_link_each_pair() -> None:
    from normgraph.site.charts import HeatmapLabel, heatmap
    from normgraph.site.render import heatmap_cells

    hostile = '<script>alert(1)</script>"\u202eevil'
    rows = [
        HeatmapLabel(0, "a", hostile, "a.html", "#000", "a"),
        HeatmapLabel(1, "b", "B", "b.html", "#000", "b"),
    ]
    svg = str(heatmap_cells(heatmap(rows, {("a", "a"): 3, ("a", "b"): 2}, "states"), "../"))
    assert "<script" not in svg and "\u202e" not in svg and '"evil' not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;evil and B share 2" in svg
    # Two links (a-b, b-a), two diagonal groups; counts shown only where there are any.
    assert svg.count('href="../members.html#compare=') == 2 and svg.count("<g>") == 2
    assert svg.count("compare=a,b") == 1 and svg.count("compare=b,a") == 1
    assert svg.count('class="cell">') == 3  # 3 on a's diagonal, 2 twice; b's 0 hidden
