#!/usr/bin/env bash
# End-to-end tests of the query commands (top, neighbors, path, communities, stats) on the hand-checked
# graph tests/query/data/graph.json, cross-checked against python3-igraph / networkx where available, and
# the reference article's answers ("who is central", the path from Yeo Han-gu to Marco Rubio).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
G="$here/data/graph.json"
D=(--no-default-dicts -d "$here/data/dict.tsv")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ENTGRAPH_DICT_DIR="$EG_SOURCE_DIR/dictionaries"
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
expect() { # expect NAME WANT GOT
  if [ "$2" = "$3" ]; then ok; else bad "$1"; echo "  want: $2"; echo "  got:  $3"; fi
}
expect_code() { # expect_code NAME WANT CMD...
  local name=$1 want=$2; shift 2
  "$@" >"$work/out" 2>"$work/err"; local code=$?
  if [ "$code" = "$want" ]; then ok; else bad "$name: exit $code, want $want"; cat "$work/err"; fi
}

# ---- path: strongest (Alpha-Beta-Gamma, 1/4 + 1/4) differs from shortest (Alpha-Gamma, one hop) ----
"$EG" path "$G" "alpha kim" "GAMMA REPUBLIC" -f tsv >"$work/path.tsv" || bad "path tsv"
expect "strongest path" "p:alpha p:beta c:gamma" "$(awk -F'\t' '$1=="strongest"{printf "%s%s", sep, $3; sep=" "}' "$work/path.tsv")"
expect "shortest path" "p:alpha c:gamma" "$(awk -F'\t' '$1=="shortest"{printf "%s%s", sep, $3; sep=" "}' "$work/path.tsv")"
expect "path evidence" "Alpha Kim met Beta Lee." "$(awk -F'\t' '$1=="strongest" && $2==1{print $10}' "$work/path.tsv")"
expect "path evidence offsets" "d1 0 23" "$(awk -F'\t' '$1=="strongest" && $2==1{print $7, $8, $9}' "$work/path.tsv")"
"$EG" path "$G" p:alpha c:gamma -f json >"$work/path.json" || bad "path json"
expect_code "path: no path" 1 "$EG" path "$G" p:iso p:alpha
grep -q "no path connects p:iso and p:alpha" "$work/err" && ok || bad "no-path message"
# Aliases come from the dictionary (Korean too), case-insensitively.
"$EG" path "$G" "KIM ALPHA" "알파" "${D[@]}" -f tsv >"$work/self.tsv" && ok || bad "alias lookup"
expect "path to itself" "1" "$(grep -c '^strongest' "$work/self.tsv")"

# ---- ENTITY resolution errors ----
expect_code "ambiguous" 1 "$EG" neighbors "$G" lee "${D[@]}"
expect "ambiguous message" 'entgraph: error: "lee" is ambiguous: Beta Lee (p:beta), Lee Min (p:lee-min); give an id' "$(cat "$work/err")"
expect_code "unknown" 1 "$EG" neighbors "$G" alfa "${D[@]}"
expect "did you mean" 'entgraph: error: no entity "alfa" in the graph; did you mean "Alpha Kim"?' "$(cat "$work/err")"

# ---- neighbors: sorted by weight, then label; depth 2 reaches Delta Corp through Gamma Republic ----
"$EG" neighbors "$G" p:beta -f tsv >"$work/nb.tsv" || bad "neighbors"
expect "neighbors order" "p:alpha c:gamma p:lee-min" "$(awk -F'\t' 'NR>1{printf "%s%s", sep, $2; sep=" "}' "$work/nb.tsv")"
expect "neighbors counts" "4 4 2" "$(awk -F'\t' 'NR==2{print $6, $7, $8}' "$work/nb.tsv")"
"$EG" neighbors "$G" p:beta --depth 2 -f tsv >"$work/nb2.tsv" || bad "neighbors depth 2"
expect "neighbors depth 2" "o:delta 2 c:gamma" "$(awk -F'\t' 'NR==5{print $2, $5, $9}' "$work/nb2.tsv")"
"$EG" neighbors "$G" p:beta -k 2 --export "$work/ego" -f json >"$work/nb.json" 2>/dev/null || bad "neighbors export"
[ -f "$work/ego/ego.graphml" ] && [ -f "$work/ego/ego.json" ] && ok || bad "ego files"
expect_code "bad depth" 2 "$EG" neighbors "$G" p:beta --depth 0

# ---- stats ----
"$EG" stats "$G" -f tsv >"$work/stats.tsv" || bad "stats"
expect "stats" "7 6 2 6 1" "$(awk -F'\t' '{v[$1]=$2} END{print v["nodes"], v["edges"], v["components"], v["largest_component"], v["isolated"]}' "$work/stats.tsv")"
expect "stats density" "0.2857142857" "$(awk -F'\t' '$1=="density"{print $2}' "$work/stats.tsv")"
expect "stats types" "3 1" "$(awk -F'\t' '$1=="nodes_by_type:person"{a=$2} $1=="edges_by_type:country -- person"{b=$2} END{print a-1, b-1}' "$work/stats.tsv")"

# ---- communities: {Alpha, Beta, Gamma, Lee Min}, {Delta, 서울}, {Isolde} for both methods ----
for m in leiden louvain; do
  "$EG" communities "$G" --method $m -f tsv >"$work/comm-$m.tsv" || bad "communities $m"
  expect "communities $m" "1:c:gamma,p:alpha,p:beta,p:lee-min 2:l:seoul,o:delta 3:p:iso" \
    "$(awk -F'\t' 'NR>1{print $1, $3}' "$work/comm-$m.tsv" | sort | awk '{a[$1]=a[$1] (a[$1]?",":"") $2} END{for(k in a) print k":"a[k]}' | sort | tr '\n' ' ' | sed 's/ $//')"
done
"$EG" communities "$G" -f json >"$work/comm.json" || bad "communities json"
"$EG" communities "$G" --export "$work/comm" 2>/dev/null >/dev/null && grep -q '"community": 3' "$work/comm/graph.json" && ok || bad "community export"
expect_code "bad resolution" 2 "$EG" communities "$G" --resolution 0
expect_code "bad method" 2 "$EG" communities "$G" --method walktrap

# ---- top --by all ----
"$EG" top "$G" --by all -k 0 -f json >"$work/all.json" || bad "top all"

# ---- cross-checks against python3-igraph and networkx ----
py=""
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import igraph, networkx' 2>/dev/null; then py=$p; break; fi
done
if [ -n "$py" ]; then
  if "$py" - "$G" "$work" <<'PY'; then ok; else bad "python cross-check"; fi
import json, sys, math
import igraph, networkx as nx
data = json.load(open(sys.argv[1])); work = sys.argv[2]
g = nx.node_link_graph(data, edges="edges") if nx.__version__ >= "3.4" else nx.node_link_graph(
    {**data, "links": data["edges"]})
for u, v, d in g.edges(data=True):
    d["length"] = 1.0 / d["weight"]
fails = []
def close(a, b, tol=1e-6):
    return abs(a - b) <= tol * max(1.0, abs(b))
# path lengths
p = json.load(open(work + "/path.json"))
want = nx.shortest_path_length(g, "p:alpha", "c:gamma", weight="length")
if not close(p["strongest"]["length"], want): fails.append(("strongest", p["strongest"]["length"], want))
if p["shortest"]["hops"] != nx.shortest_path_length(g, "p:alpha", "c:gamma"): fails.append("hops")
# modularity of our partition, recomputed by networkx
c = json.load(open(work + "/comm.json"))
parts = [set(m["id"] for m in k["members"]) for k in c["communities"]]
q = nx.community.modularity(g, parts, weight="weight")
if not close(c["modularity"], q): fails.append(("modularity", c["modularity"], q))
# every measure of top --by all
rows = {r["id"]: r for r in json.load(open(work + "/all.json"))}
ig = igraph.Graph.TupleList([(u, v, d["weight"]) for u, v, d in g.edges(data=True)], weights=True)
for n in g.nodes:
    if n not in ig.vs["name"]:
        ig.add_vertex(n)
w = ig.es["weight"]; L = [1.0 / x for x in w]
ref = {
    "degree": dict(zip(ig.vs["name"], ig.degree())),
    "strength": dict(zip(ig.vs["name"], ig.strength(weights=w))),
    "pagerank": dict(zip(ig.vs["name"], ig.pagerank(weights=w, implementation="prpack"))),
    "betweenness": nx.betweenness_centrality(g, weight="length", normalized=False),
    "closeness": nx.closeness_centrality(g, distance="length"),
    "harmonic": nx.harmonic_centrality(g, distance="length"),
    "coreness": dict(zip(ig.vs["name"], ig.coreness())),
}
for m, vals in ref.items():
    for n, v in vals.items():
        if not close(rows[n][m], v):
            fails.append((m, n, rows[n][m], v))
# ranks follow the values, ties by label
for m in ref:
    order = sorted(rows.values(), key=lambda r: (-r[m], r["label"], r["id"]))
    for i, r in enumerate(order):
        if r[m + "_rank"] != i + 1:
            fails.append((m + "_rank", r["id"]))
if fails:
    print(fails); sys.exit(1)
PY
else
  echo "note: python3 with igraph and networkx not available; cross-checks skipped"
fi

# ---- the reference article, built in memory from the text ----
art="$EG_SOURCE_DIR/examples/korea-us-tariffs-2025-07.txt"
"$EG" top "$art" -k 3 -f tsv >"$work/ref-top.tsv" || bad "reference top"
ids=$(awk -F'\t' 'NR>1{print $2}' "$work/ref-top.tsv" | tr '\n' ' ')
case "$ids" in *country:KOR*) ok ;; *) bad "South Korea not in the top 3: $ids" ;; esac
case "$ids" in *person:wi-seong-rak*) ok ;; *) bad "Wi Seong-rak not in the top 3: $ids" ;; esac
expect "reference top person" "person:wi-seong-rak" "$("$EG" top "$art" -t person -k 1 -f tsv | awk -F'\t' 'NR==2{print $2}')"
"$EG" build -q -o "$work/ref" "$art" || bad "reference build"
"$EG" path "$work/ref/graph.graphml" "Yeo Han-gu" "Marco Rubio" -f tsv >"$work/ref-path.tsv" || bad "reference path"
chain=$(awk -F'\t' '$1=="strongest"{printf "%s%s", sep, $3; sep=" "}' "$work/ref-path.tsv")
case "$chain" in "person:yeo-han-gu "*"person:marco-rubio") ok ;; *) bad "reference path chain: $chain" ;; esac
case "$chain" in *person:wi-seong-rak*) ok ;; *) bad "the chain should pass Wi Seong-rak: $chain" ;; esac
"$EG" path "$work/ref/graph.json" "yeo han-gu" rubio -f tsv >/dev/null && ok || bad "reference path by alias"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
