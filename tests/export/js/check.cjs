// Reads the exports written by `test_export --write DIR` with the JavaScript tools analysts use and
// compares nodes, edges, labels, types and weights with the awkward test graph (tests/unit/test_export.c):
// GraphML with graphology-graphml, GEXF with graphology-gexf, the graphology JSON style with
// graphology's Graph.from (import), the cytoscape JSON style with headless Cytoscape.js. Usage: node check.cjs DIR
'use strict';
const fs = require('fs');
const Graph = require('graphology');
const graphml = require('graphology-graphml');
const gexf = require('graphology-gexf');
const cytoscape = require('cytoscape');

const dir = process.argv[2];
const FFFD = '\ufffd';
const NODES = {
  'org:a b/c': ['A & B "Quoted" <Corp>', 'organization'],
  '한국': ['한국', 'country'],
  'per:doe': ['Doe, John', 'person'],
  'per:smiley😀': ['Smiley 😀 Face', 'person'],
  'role:ctrl': ['Bad\x01Label', 'role'],
  'evt:a_x': ["It's an event", 'event'],
};
const EDGES = [
  ['한국', 'org:a b/c', 0.1],
  ['per:doe', 'org:a b/c', 1 / 3],
  ['한국', 'per:smiley😀', 2.5],
  ['role:ctrl', 'evt:a_x', 1.0],
];
const failures = [];
const check = (cond, what) => { if (!cond) failures.push(what); };
const key = (a, b) => [a, b].sort().join('\u0000');
const close = (a, b) => typeof a === 'number' && Math.abs(a - b) <= 1e-14 * Math.max(1, Math.abs(b));

// nodes: Map id -> [label, type]; edges: Map key -> weight.
function compare(fmt, nodes, edges, xml) {
  check(nodes.size === Object.keys(NODES).length, `${fmt}: ${nodes.size} nodes`);
  for (const [id, [label, type]] of Object.entries(NODES)) {
    const got = nodes.get(id);
    const want = [xml ? label.replace('\x01', FFFD) : label, type];
    check(got && got[0] === want[0] && got[1] === want[1], `${fmt}: node ${id} is ${JSON.stringify(got)}`);
  }
  check(edges.size === EDGES.length, `${fmt}: ${edges.size} edges`);
  for (const [a, b, w] of EDGES)
    check(close(edges.get(key(a, b)), w), `${fmt}: weight ${a}--${b} is ${edges.get(key(a, b))}, not ${w}`);
}

function fromGraphology(fmt, g, idOf, xml) {
  const nodes = new Map(), edges = new Map();
  g.forEachNode((n, a) => nodes.set(idOf(n, a), [a.label, a.type]));
  g.forEachEdge((e, a, s, t, sa, ta) => edges.set(key(idOf(s, sa), idOf(t, ta)), a.weight));
  check(g.type === 'undirected' || g.undirectedSize === g.size, `${fmt}: not undirected`);
  compare(fmt, nodes, edges, xml);
}

const read = (name) => fs.readFileSync(`${dir}/${name}`, 'utf8');

const gml = graphml.parse(Graph, read('awkward.graphml'));
fromGraphology('GraphML/graphology-graphml', gml, (n, a) => a.entity_id || n, true);

const gx = gexf.parse(Graph, read('awkward.gexf'));
fromGraphology('GEXF/graphology-gexf', gx, (n) => n, true);
check(gx.getNodeAttribute('per:doe', 'mentions') === 7, 'GEXF: mentions of per:doe');

// Graph.from builds a graph of the serialised options (undirected, simple) and imports into it.
const imported = Graph.from(JSON.parse(read('graphology/awkward.json')));
check(imported.type === 'undirected' && !imported.multi, 'JSON graphology: options not applied');
fromGraphology('JSON graphology/import', imported, (n) => n, false);
const ev = imported.getEdgeAttribute(imported.edge('role:ctrl', 'evt:a_x'), 'evidence');
check(Array.isArray(ev) && ev[0].text === 'Tab\there,\nnewline "q" & <x>', 'JSON graphology: evidence');

const data = JSON.parse(read('cytoscape/awkward.json'));
const cy = cytoscape({ elements: data.elements, headless: true });
const cn = new Map(), ce = new Map();
cy.nodes().forEach((n) => cn.set(n.id(), [n.data('label'), n.data('type')]));
cy.edges().forEach((e) => ce.set(key(e.source().id(), e.target().id()), e.data('weight')));
compare('JSON cytoscape/Cytoscape.js', cn, ce, false);

if (failures.length) {
  console.log(failures.join('\n'));
  process.exit(1);
}
console.log('graphology-graphml, graphology-gexf, graphology import and Cytoscape.js read the exports as expected');
