// Exact solver behind `planAssignments`: min-cost flow by successive shortest paths with
// potentials (Dijkstra), in the row-by-row form of the Hungarian method.
//
// Network: source -> case (cap 1) -> attorney (cap 1 per candidate edge, cost -value)
//          -> sink (cap = attorney slots, cost 0), plus case -> sink directly (cap 1, cost 0) meaning
//          "left unassigned". With that bypass every case can always send its unit, so a flow that
//          saturates all cases always exists, and its minimum cost is exactly the maximum total
//          value of a valid assignment (each case at most once, each attorney within its slots).
//
// Cases are added one at a time; each addition augments along a shortest path from the new case
// to the sink in the residual graph (correct because the previous flow was min-cost, so the
// residual graph has no negative cycle). Reduced costs stay >= 0 through potentials; Dijkstra
// stops as soon as the sink is settled, and only settled nodes' potentials move
// (pi(v) += d(v) - d(sink)), which keeps every reduced cost >= 0. Typical searches touch a handful
// of nodes, so 5,000 cases x 20 candidates run in milliseconds.
//
// Values are pairs (major, minor) compared lexicographically, which lets callers express
// "urgent first" exactly, without a big-M constant that could overflow float precision. Both
// parts must be integers so sums stay exact.

export interface AssignmentNetwork {
  caseCount: number;
  attorneyCount: number;
  /** Cases each attorney can still take (> 0). */
  attorneySlots: Int32Array;
  /** Edges of case c are edgeStart[c] .. edgeStart[c + 1] - 1 (length caseCount + 1). */
  edgeStart: Int32Array;
  edgeAttorney: Int32Array;
  /** Value of using the edge, compared first. Integer. */
  edgeMajor: Float64Array;
  /** Value of using the edge, compared second. Integer. */
  edgeMinor: Float64Array;
}

const UNASSIGNED = -1;

/**
 * Returns, for each case, the index of the chosen edge or -1. The result maximises the
 * lexicographic sum (Σ major, Σ minor) over chosen edges. `caseOrder` only affects speed and which
 * of several optimal answers is returned.
 */
export function solveMaxValueAssignment(
  network: AssignmentNetwork,
  caseOrder?: ArrayLike<number>,
): Int32Array {
  const { caseCount: n, attorneyCount: m, edgeStart, edgeAttorney, edgeMajor, edgeMinor } = network;
  const sink = n + m;
  const nodeCount = n + m + 1;

  // Potentials. Cases start at 0; each attorney at the lowest cost of an edge into it, so every
  // forward edge has reduced cost >= 0; the sink below every attorney and below 0.
  const piMajor = new Float64Array(nodeCount);
  const piMinor = new Float64Array(nodeCount);
  const hasIncoming = new Uint8Array(m);
  for (let e = 0; e < edgeAttorney.length; e++) {
    const node = n + edgeAttorney[e];
    const costMajor = -edgeMajor[e];
    const costMinor = -edgeMinor[e];
    if (!hasIncoming[node - n] || lexLess(costMajor, costMinor, piMajor[node], piMinor[node])) {
      piMajor[node] = costMajor;
      piMinor[node] = costMinor;
      hasIncoming[node - n] = 1;
    }
  }
  let sinkMajor = 0;
  let sinkMinor = 0;
  for (let a = 0; a < m; a++) {
    if (hasIncoming[a] && lexLess(piMajor[n + a], piMinor[n + a], sinkMajor, sinkMinor)) {
      sinkMajor = piMajor[n + a];
      sinkMinor = piMinor[n + a];
    }
  }
  piMajor[sink] = sinkMajor;
  piMinor[sink] = sinkMinor;

  // Current assignment: chosen edge per case, and each attorney's cases in a fixed block of slots.
  const assignedEdge = new Int32Array(n).fill(UNASSIGNED);
  const slotStart = new Int32Array(m + 1);
  for (let a = 0; a < m; a++) slotStart[a + 1] = slotStart[a] + network.attorneySlots[a];
  const slotCase = new Int32Array(slotStart[m]);
  const load = new Int32Array(m);
  const slotOfCase = new Int32Array(n);

  const addToAttorney = (c: number, a: number): void => {
    const position = slotStart[a] + load[a]++;
    slotCase[position] = c;
    slotOfCase[c] = position;
  };
  const removeFromAttorney = (c: number, a: number): void => {
    const last = slotStart[a] + --load[a];
    const position = slotOfCase[c];
    const moved = slotCase[last];
    slotCase[position] = moved;
    slotOfCase[moved] = position;
  };

  // Dijkstra state, reused across searches; `stamp` tells whether an entry belongs to this search.
  const distMajor = new Float64Array(nodeCount);
  const distMinor = new Float64Array(nodeCount);
  const reached = new Int32Array(nodeCount);
  const settled = new Int32Array(nodeCount);
  const pred = new Int32Array(nodeCount);
  const predEdge = new Int32Array(nodeCount);
  const settledNodes: number[] = [];
  const heap = new PairHeap(64);
  let stamp = 0;

  const relax = (v: number, dMajor: number, dMinor: number, from: number, edge: number): void => {
    if (settled[v] === stamp) return;
    if (reached[v] !== stamp || lexLess(dMajor, dMinor, distMajor[v], distMinor[v])) {
      reached[v] = stamp;
      distMajor[v] = dMajor;
      distMinor[v] = dMinor;
      pred[v] = from;
      predEdge[v] = edge;
      heap.push(v, dMajor, dMinor);
    }
  };

  const order = caseOrder ?? Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < order.length; k++) {
    const start = order[k];
    if (edgeStart[start] === edgeStart[start + 1]) continue; // no candidates: stays unassigned
    stamp++;
    heap.clear();
    settledNodes.length = 0;
    relax(start, 0, 0, -1, -1);

    while (heap.size > 0) {
      const u = heap.pop();
      if (settled[u] === stamp) continue;
      settled[u] = stamp;
      if (u === sink) break;
      settledNodes.push(u);
      const duMajor = distMajor[u];
      const duMinor = distMinor[u];
      const puMajor = piMajor[u];
      const puMinor = piMinor[u];
      if (u < n) {
        // A case: try each candidate it is not already on, or leaving it unassigned.
        const current = assignedEdge[u];
        for (let e = edgeStart[u]; e < edgeStart[u + 1]; e++) {
          if (e === current) continue;
          const v = n + edgeAttorney[e];
          relax(
            v,
            duMajor + (-edgeMajor[e] + puMajor - piMajor[v]),
            duMinor + (-edgeMinor[e] + puMinor - piMinor[v]),
            u,
            e,
          );
        }
        // Every case a search reaches is either the new one or assigned, so its bypass is free.
        relax(sink, duMajor + (puMajor - sinkMajor), duMinor + (puMinor - sinkMinor), u, -1);
      } else {
        // An attorney: a free slot reaches the sink; otherwise one of its cases can be moved off.
        const a = u - n;
        if (load[a] < network.attorneySlots[a]) {
          relax(sink, duMajor + (puMajor - sinkMajor), duMinor + (puMinor - sinkMinor), u, -1);
        }
        for (let s = slotStart[a]; s < slotStart[a] + load[a]; s++) {
          const c = slotCase[s];
          const e = assignedEdge[c];
          relax(
            c,
            duMajor + (edgeMajor[e] + puMajor - piMajor[c]),
            duMinor + (edgeMinor[e] + puMinor - piMinor[c]),
            u,
            -1,
          );
        }
      }
    }

    // The sink is always reachable through the new case's own bypass.
    const dSinkMajor = distMajor[sink];
    const dSinkMinor = distMinor[sink];
    for (const v of settledNodes) {
      piMajor[v] += distMajor[v] - dSinkMajor;
      piMinor[v] += distMinor[v] - dSinkMinor;
    }

    // Walk the path back from the sink; later edges first, so an attorney loses a case before it
    // gains one and never exceeds its slots.
    let node = pred[sink];
    let nextEdge = UNASSIGNED; // the edge the current case moves onto
    for (;;) {
      if (node < n) {
        const previous = assignedEdge[node];
        if (previous !== UNASSIGNED) removeFromAttorney(node, edgeAttorney[previous]);
        assignedEdge[node] = nextEdge;
        if (nextEdge !== UNASSIGNED) addToAttorney(node, edgeAttorney[nextEdge]);
        if (node === start) break;
        node = pred[node];
      } else {
        nextEdge = predEdge[node];
        node = pred[node];
      }
    }
  }
  return assignedEdge;
}

function lexLess(aMajor: number, aMinor: number, bMajor: number, bMinor: number): boolean {
  return aMajor < bMajor || (aMajor === bMajor && aMinor < bMinor);
}

/** Binary min-heap of nodes keyed by (major, minor); stale entries are skipped by the caller. */
class PairHeap {
  private nodes: Int32Array;
  private majors: Float64Array;
  private minors: Float64Array;
  size = 0;

  constructor(initialCapacity: number) {
    this.nodes = new Int32Array(initialCapacity);
    this.majors = new Float64Array(initialCapacity);
    this.minors = new Float64Array(initialCapacity);
  }

  clear(): void {
    this.size = 0;
  }

  push(node: number, major: number, minor: number): void {
    if (this.size === this.nodes.length) this.grow();
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!lexLess(major, minor, this.majors[parent], this.minors[parent])) break;
      this.nodes[i] = this.nodes[parent];
      this.majors[i] = this.majors[parent];
      this.minors[i] = this.minors[parent];
      i = parent;
    }
    this.nodes[i] = node;
    this.majors[i] = major;
    this.minors[i] = minor;
  }

  pop(): number {
    const top = this.nodes[0];
    const last = --this.size;
    if (last > 0) {
      const node = this.nodes[last];
      const major = this.majors[last];
      const minor = this.minors[last];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= last) break;
        if (
          child + 1 < last &&
          lexLess(this.majors[child + 1], this.minors[child + 1], this.majors[child], this.minors[child])
        ) {
          child++;
        }
        if (!lexLess(this.majors[child], this.minors[child], major, minor)) break;
        this.nodes[i] = this.nodes[child];
        this.majors[i] = this.majors[child];
        this.minors[i] = this.minors[child];
        i = child;
      }
      this.nodes[i] = node;
      this.majors[i] = major;
      this.minors[i] = minor;
    }
    return top;
  }

  private grow(): void {
    const capacity = this.nodes.length * 2;
    const nodes = new Int32Array(capacity);
    const majors = new Float64Array(capacity);
    const minors = new Float64Array(capacity);
    nodes.set(this.nodes);
    majors.set(this.majors);
    minors.set(this.minors);
    this.nodes = nodes;
    this.majors = majors;
    this.minors = minors;
  }
}
