"""One python-igraph or NetworKit run, on the edge list the Rust driver wrote; prints one JSON line.

    python bench.py TOOL ALGO EDGES     TOOL: igraph | networkit, and for ALGO community also
                                        igraph_multilevel (Louvain) | networkit_leiden (ParallelLeiden)
"""
import json
import random
import resource
import sys
import time

tool, algo, path = sys.argv[1:4]


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


out = {"tool": tool, "algo": algo}
if tool.startswith("igraph"):
    import igraph as ig

    g = ig.Graph.Read_Edgelist(path, directed=False)
    g.simplify(multiple=True, loops=True, combine_edges=None)
    t, c = time.perf_counter(), time.process_time()
    if algo == "pagerank":
        g.pagerank()
    elif algo == "betweenness_sampled":
        g.betweenness(sources=random.Random(1).sample(range(g.vcount()), 100))
    elif algo == "community":
        if tool == "igraph_multilevel":
            part = g.community_multilevel()
        else:
            part = g.community_leiden(objective_function="modularity", n_iterations=2)
        out["modularity"] = round(g.modularity(part.membership), 4)
        out["communities"] = len(part)
    elif algo == "betweenness_exact":
        g.betweenness()
    out["seconds"] = round(time.perf_counter() - t, 4)
    out["cpu_seconds"] = round(time.process_time() - c, 4)
elif tool.startswith("networkit"):
    import networkit as nk

    g = nk.readGraph(path, nk.Format.EdgeListSpaceZero)
    g.removeMultiEdges()
    g.removeSelfLoops()
    t, c = time.perf_counter(), time.process_time()
    if algo == "pagerank":
        nk.centrality.PageRank(g, damp=0.85, tol=1e-10).run()
    elif algo == "betweenness_sampled":
        nk.centrality.EstimateBetweenness(g, 100, False, True).run()
    elif algo == "community":
        if tool == "networkit_leiden":
            algo_obj = nk.community.ParallelLeiden(g)
        else:
            algo_obj = nk.community.PLM(g, refine=True)
        algo_obj.run()
        p = algo_obj.getPartition()
        out["modularity"] = round(nk.community.Modularity().getQuality(p, g), 4)
        out["communities"] = p.numberOfSubsets()
    elif algo == "betweenness_exact":
        nk.centrality.Betweenness(g).run()
    out["seconds"] = round(time.perf_counter() - t, 4)
    out["cpu_seconds"] = round(time.process_time() - c, 4)
out["peak_mib"] = round(peak_mib(), 1)
print(json.dumps(out))
