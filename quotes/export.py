"""Writing the speaker–claim graph: GEXF 1.3, GraphML, JSON node-link, CSV.

GEXF is written here with lxml rather than with ``networkx.write_gexf``,
whose output does not validate against the GEXF 1.3 schema (a
``schemaLocation`` the schema does not know, a ``name`` attribute on
``<graph>``), keeps control characters that XML forbids and fails on list
values.  The file validates against ``gexf-schema/1.3/gexf.xsd``:

* attributes are declared per class (node, edge) with types inferred from the
  values (integer, double, boolean, string), ids equal to their titles so
  that readers keyed on either (Gephi, graphology-gexf) see the same names;
* colours and sizes are the 1.3 schema's ``<color>`` and ``<size>`` elements
  (in the GEXF namespace, which is where that schema puts them; Gephi and
  graphology-gexf read them there), by node type;
* the graph is dynamic (``timeformat="date"``): an edge lives on the day of
  its article and a node from its first date, so Gephi's timeline can play
  the graph; undated elements are always there.

Every text goes through :func:`quotes.safety.xml_safe`; lxml escapes the rest.
"""
from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import IO, Any, Iterable, Union

import networkx as nx
from lxml import etree

from . import __version__
from .output import neutralise
from .safety import xml_safe

__all__ = ["FORMATS", "write", "write_gexf", "write_graphml", "write_json", "write_csv",
           "csv_paths", "GEXF_NS", "COLOURS"]

FORMATS = ("gexf", "graphml", "json", "csv")
GEXF_NS = "http://gexf.net/1.3"

#: node colours by type (a colour-blind-safe palette), as (r, g, b)
COLOURS = {
    "person": (0, 114, 178),
    "organisation": (230, 159, 0),
    "place-or-government": (0, 158, 115),
    "unknown": (153, 153, 153),
    "claim": (204, 121, 167),
}


def _xml_type(values: Iterable[Any]) -> str:
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return "boolean"
    if kinds and kinds <= {int}:
        return "integer"
    if kinds and kinds <= {int, float}:
        return "double"
    return "string"


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple, set)):
        v = " | ".join(map(str, v))
    return xml_safe(str(v))


def _declare(graph_el, cls: str, rows: list[dict]) -> list[str]:
    """Declare the attributes of one class; ``label`` is a GEXF attribute of
    its own and is not repeated."""
    names: dict[str, list] = {}
    for d in rows:
        for k, v in d.items():
            if k != "label" and v is not None:
                names.setdefault(k, []).append(v)
    el = etree.SubElement(graph_el, "attributes", {"class": cls, "mode": "static"})
    for k, vs in names.items():
        etree.SubElement(el, "attribute", id=xml_safe(k), title=xml_safe(k), type=_xml_type(vs))
    return list(names)


def _attvalues(parent, data: dict, names: list[str]) -> None:
    vals = [(k, data[k]) for k in names if data.get(k) is not None and data.get(k) != ""]
    if vals:
        av = etree.SubElement(parent, "attvalues")
        for k, v in vals:
            etree.SubElement(av, "attvalue", {"for": xml_safe(k), "value": _value(v)})


def _size(data: dict) -> float:
    n = data.get("quotes", 1) if data.get("kind") == "speaker" else data.get("articles", 1)
    return round(4.0 + 4.0 * math.sqrt(max(1, int(n or 1))), 2)


def write_gexf(g: nx.MultiDiGraph, out: Union[str, Path, IO[bytes]]) -> None:
    """Write ``g`` as GEXF 1.3 (see the module docstring for what Gephi gets)."""
    root = etree.Element("gexf", nsmap={None: GEXF_NS}, version="1.3")
    meta = etree.SubElement(root, "meta")
    etree.SubElement(meta, "creator").text = f"quotes {__version__}"
    etree.SubElement(meta, "description").text = xml_safe(
        "speaker-claim graph: speakers (persons, organisations, governments) "
        "linked to the claims they made, one edge per quote")
    graph_el = etree.SubElement(root, "graph", defaultedgetype="directed", mode="dynamic",
                                timeformat="date", idtype="string")
    nodes = list(g.nodes(data=True))
    edges = list(g.edges(keys=True, data=True))
    node_names = _declare(graph_el, "node", [d for _, d in nodes])
    edge_names = _declare(graph_el, "edge", [d for *_, d in edges])
    nodes_el = etree.SubElement(graph_el, "nodes", count=str(len(nodes)))
    for n, d in nodes:
        attrs = {"id": xml_safe(str(n)), "label": _value(d.get("label", n))}
        if d.get("first_date"):
            attrs["start"] = d["first_date"]
        el = etree.SubElement(nodes_el, "node", attrs)
        _attvalues(el, d, node_names)
        r, gr, b = COLOURS.get(d.get("type", ""), COLOURS["unknown"])
        etree.SubElement(el, "color", r=str(r), g=str(gr), b=str(b))
        etree.SubElement(el, "size", value=str(_size(d)))
        etree.SubElement(el, "shape", value="square" if d.get("kind") == "claim" else "disc")
    edges_el = etree.SubElement(graph_el, "edges", count=str(len(edges)))
    for u, v, k, d in edges:
        attrs = {"id": xml_safe(str(k)), "source": xml_safe(str(u)), "target": xml_safe(str(v))}
        if d.get("label"):
            attrs["label"] = _value(d["label"])
        if d.get("date"):
            attrs["start"] = attrs["end"] = d["date"]
        if isinstance(d.get("confidence"), (int, float)):
            attrs["weight"] = str(d["confidence"])
        el = etree.SubElement(edges_el, "edge", attrs)
        _attvalues(el, d, edge_names)
    tree = etree.ElementTree(root)
    if isinstance(out, (str, Path)):
        tree.write(str(out), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    else:
        out.write(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _plain(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attribute values GraphML can hold: scalars, XML-safe text,
    no None."""
    def clean(d: dict) -> dict:
        out = {}
        for k, v in d.items():
            if v is None:
                continue
            if isinstance(v, (list, tuple, set)):
                v = " | ".join(map(str, v))
            out[k] = xml_safe(v) if isinstance(v, str) else v
        return out

    h = nx.MultiDiGraph()
    h.graph.update(clean(g.graph))
    for n, d in g.nodes(data=True):
        h.add_node(xml_safe(str(n)), **clean(d))
    for u, v, k, d in g.edges(keys=True, data=True):
        h.add_edge(xml_safe(str(u)), xml_safe(str(v)), key=xml_safe(str(k)), **clean(d))
    return h


def write_graphml(g: nx.MultiDiGraph, path: Union[str, Path]) -> None:
    """GraphML (yEd, Cytoscape, igraph, Gephi) through networkx."""
    nx.write_graphml(_plain(g), str(path), encoding="utf-8")


def write_json(g: nx.MultiDiGraph, out: IO[str]) -> None:
    """networkx's node-link JSON (``nodes``, ``edges``), readable by d3 and
    by ``networkx.node_link_graph(data, edges="edges")``."""
    data = nx.node_link_data(g, edges="edges")
    json.dump(data, out, ensure_ascii=False, indent=1, default=str)
    out.write("\n")


def csv_paths(path: Union[str, Path]) -> tuple[Path, Path]:
    """``graph.csv`` → ``graph-nodes.csv`` and ``graph-edges.csv``."""
    p = Path(path)
    stem = p.name[:-4] if p.name.lower().endswith(".csv") else p.name
    return p.with_name(f"{stem}-nodes.csv"), p.with_name(f"{stem}-edges.csv")


def _columns(rows: Iterable[dict], first: tuple[str, ...]) -> list[str]:
    cols = list(first)
    for d in rows:
        for k in d:
            if k not in cols:
                cols.append(k)
    return cols


def write_csv(g: nx.MultiDiGraph, path: Union[str, Path]) -> tuple[Path, Path]:
    """A node list and an edge list in the spreadsheet form Gephi's data
    laboratory imports (``Id, Label, ...`` and ``Source, Target, Type, Id,
    Label, ...``); formula-like cells are neutralised."""
    nodes_path, edges_path = csv_paths(path)
    node_rows = [{"Id": n, "Label": d.get("label", n),
                  **{k: v for k, v in d.items() if k != "label"}} for n, d in g.nodes(data=True)]
    edge_rows = [{"Source": u, "Target": v, "Type": "Directed", "Id": k,
                  "Label": d.get("label", ""), **{a: b for a, b in d.items() if a != "label"}}
                 for u, v, k, d in g.edges(keys=True, data=True)]
    for p, rows, first in ((nodes_path, node_rows, ("Id", "Label")),
                           (edges_path, edge_rows, ("Source", "Target", "Type", "Id", "Label"))):
        with open(p, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=_columns(rows, first), lineterminator="\r\n")
            w.writeheader()
            for r in rows:
                w.writerow({k: neutralise(v) for k, v in r.items()})
    return nodes_path, edges_path


def write(g: nx.MultiDiGraph, path: Union[str, Path], fmt: str) -> list[Path]:
    """Write ``g`` to ``path`` in format ``fmt`` (one of :data:`FORMATS`);
    the files written (two for CSV)."""
    if fmt == "gexf":
        write_gexf(g, path)
    elif fmt == "graphml":
        write_graphml(g, path)
    elif fmt == "json":
        with open(path, "w", encoding="utf-8") as fh:
            write_json(g, fh)
    elif fmt == "csv":
        return list(write_csv(g, path))
    else:
        raise ValueError(f"unknown graph format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return [Path(path)]
