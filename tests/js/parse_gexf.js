// Parse a GEXF file with graphology-gexf, as Gephi Lite does, and print what
// the test compares: node and edge counts and every node's label and type.
// Usage: node parse_gexf.js FILE.gexf
'use strict';
const fs = require('fs');
const Graph = require('graphology');
const gexf = require('graphology-gexf');

const xml = fs.readFileSync(process.argv[2], 'utf8');
// The plain Graph class, as Gephi Lite passes it: the parser takes the type from the
// file and upgrades to a multigraph itself when it meets parallel edges.
const graph = gexf.parse(Graph, xml);
const nodes = {};
graph.forEachNode((key, attrs) => {
  nodes[key] = {label: attrs.label, type: attrs.type, color: attrs.color, size: attrs.size};
});
const edges = [];
graph.forEachEdge((key, attrs, source, target) => {
  edges.push({key, source, target, cue_lemma: attrs.cue_lemma, date: attrs.date});
});
process.stdout.write(JSON.stringify({
  order: graph.order, size: graph.size, type: graph.type, multi: graph.multi, nodes, edges,
}));
