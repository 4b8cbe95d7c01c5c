// The server's JSON API. The session is an HttpOnly cookie set by /api/login, so scripts
// here never see the token.

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: any = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = data?.error ?? {};
    if (res.status === 401 && !path.endsWith("/login")) {
      location.hash = "#/login";
    }
    throw new ApiError(res.status, err.code ?? "error", err.message ?? `${res.status} ${res.statusText}`);
  }
  return data as T;
}

export const get = <T>(path: string) => call<T>("GET", path);
export const post = <T>(path: string, body?: unknown) => call<T>("POST", path, body ?? {});

/** Builds a query string, leaving out empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  }
  const s = u.toString();
  return s ? "?" + s : "";
}

export interface User {
  name: string;
  agency: string;
  role: string;
}
export interface Me {
  user: User;
  permissions: string[];
  investigations: string[];
}
export interface EntityRef {
  id: string;
  schema: string;
  caption: string;
}
export interface Statement {
  prop: string;
  value: string;
  source: string;
  grading: string;
  recorded: string | null;
}
export interface EntityOut extends EntityRef {
  statements: Statement[];
}
export interface SourceOut {
  id: number;
  name: string;
  kind: string;
  imported_at: string;
  grading: string;
  rows: number;
  statements: number;
  agency: string;
  releasable_to: string[];
  compartment: string | null;
}
export interface StatsOut {
  entities: number;
  statements: number;
  links: number;
  sources: number;
  schemata: { schema: string; count: number }[];
}
export interface SearchPage {
  items: { entity: EntityRef; matched: string; score: number }[];
  offset: number;
  next_offset: number | null;
}
export interface NeighbourPage {
  items: { entity: EntityRef; prop: string; direction: string }[];
  offset: number;
  next_offset: number | null;
}

// ---- the UI endpoints (/api/ui/...) ----

export interface GNode {
  id: string;
  caption: string;
  kind: string;
  score: number;
  community: number;
  degree: number;
}
export interface GEdge {
  source: string;
  target: string;
  type: string;
  count: number;
  weight: number;
  first: string | null;
  last: string | null;
}
export interface Subgraph {
  nodes: GNode[];
  edges: GEdge[];
  total_nodes: number;
  truncated: boolean;
}
export interface PathOut extends Subgraph {
  path: string[];
  hops: number;
  steps: { from: string; to: string; records: string[] }[];
}
export interface Factor {
  name: string;
  value: number;
  normalised: number;
  weight: number;
  contribution: number;
}
export interface LeaderEvidence {
  factor: string;
  what: string;
  path: string[];
  path_captions: string[];
}
export interface Leader {
  rank: number;
  id: string;
  caption: string;
  score: number;
  why: string;
  factors: Factor[];
  evidence: LeaderEvidence[];
}
export interface LeadersOut {
  used: { name: string; weight: number }[];
  unavailable: { name: string; why: string }[];
  nodes: number;
  ranked: Leader[];
}
export interface TimelineEvent {
  id: string;
  schema: string;
  kind: string;
  date: string | null;
  caption: string;
  via: string | null;
  counterparts: EntityRef[];
  details: string[];
  sources: string[];
  /** The requested entities whose timeline holds the event (lanes). */
  subjects: string[];
}
export interface TimelineOut {
  events: TimelineEvent[];
  truncated: boolean;
  entities: EntityRef[];
}

// ---- follow the money (/api/money/...) ----

export interface MoneyParty {
  id: string;
  name: string;
  received: number;
  paid: number;
  payments: number;
}
export interface PartiesOut {
  currency: string | null;
  ledger_payments: number;
  parties: MoneyParty[];
}
export interface Flow {
  hop: number;
  from: string;
  from_name: string;
  to: string;
  to_name: string;
  amount: number;
  payments: number;
  first: string;
  last: string;
  refs: string[];
}
export interface Holder {
  id: string;
  name: string;
  amount: number;
  received: number;
  passed_on: number;
}
export interface SankeyOut {
  nodes: { id: string; name: string; layer: number }[];
  links: { source: number; target: number; value: number }[];
  currency: string | null;
}
export interface TraceOut {
  report: {
    start: string;
    direction: "forward" | "backward";
    method: string;
    hops: number;
    currency: string | null;
    total: number;
    flows: Flow[];
    holders: Holder[];
  };
  sankey: SankeyOut;
  payments: number;
}
export interface MoneyAlert {
  typology: string;
  summary: string;
  amount: number;
  first: string;
  last: string;
  subjects: { id: string; name: string }[];
  members: { id: string; name: string }[];
  payments: { reference: string; date: string; from: string; to: string; amount: number }[];
}
export interface PatternsOut {
  currency: string | null;
  counts: { typology: string; alerts: number }[];
  total: number;
  offset: number;
  next_offset: number | null;
  items: MoneyAlert[];
}
