/**
 * CloudFront requests per (ssl-protocol, ssl-cipher) pair, and from them what each viewer security
 * policy would do to the viewers (see `policy-impact.ts`). Lines are counted per pair; a pair's
 * client IPs and user agents are kept only when some policy may refuse it. Every policy's numbers are
 * derived from the pairs when the report is made, so memory is bounded by the distinct (pair, IP) and
 * (pair, user agent) values, not by the number of lines or of policies.
 */
import { Counter, Ranked, compareStrings, decodeLogField, ownCopy } from "./counter";
import { PairImpact, PolicyOutcome, impactOfPair, someoneMayRefuse } from "./policy-impact";
import { compareProtocols } from "./sources";
import { VIEWER_POLICY_NAMES, ViewerPolicyName } from "../../components/tls-clients/viewer-policies";

/** What one policy would do to the logged viewers. */
export interface PolicyImpact {
    /** Requests the policy would certainly refuse. */
    readonly refusedRequests: number;
    /** Distinct `c-ip` among those requests. */
    readonly refusedClientIps: number;
    /** Requests the policy may refuse (it depends on ciphers the viewer may have offered). */
    readonly mayRefuseRequests: number;
    /** Distinct `c-ip` among those requests (an IP may also be counted as refused). */
    readonly mayRefuseClientIps: number;
    /** Top user agents, URL-decoded, among the refused and among the maybe-refused requests. */
    readonly topUserAgents: { readonly refused: readonly Ranked[]; readonly mayRefuse: readonly Ranked[] };
}

/** Requests of one (protocol, cipher) pair. */
export interface ProtocolCipherCount {
    /** `ssl-protocol`, as logged. */
    readonly protocol: string;
    /** `ssl-cipher`, as logged (`(no ssl-cipher field)` when the log has none). */
    readonly cipher: string;
    /** Requests. */
    readonly requests: number;
}

/** A pair the policy impact could not read, and why. */
export interface UnclassifiedPair extends ProtocolCipherCount {
    /** Why, e.g. `plain HTTP (ssl-protocol -): …` or `… is not a cipher of TLSv1.2_2021, the policy said to be in force`. */
    readonly reason: string;
}

/** The part of the report built from the pairs. */
export interface CipherPairReport {
    /** The policy the logs were read against (`--policy`). */
    readonly policyInForce: ViewerPolicyName;
    /** Per policy, least restrictive first: who it would refuse. Policies less restrictive than the one in force refuse nobody. */
    readonly policyImpact: Readonly<Record<ViewerPolicyName, PolicyImpact>>;
    /** CloudFront requests per (protocol, cipher): protocols oldest first, then most requests first, then by cipher. */
    readonly byProtocolCipher: readonly ProtocolCipherCount[];
    /** CloudFront requests left out of {@link policyImpact}, in all. */
    readonly unclassifiedRequests: number;
    /** The same per pair, with the reason, in {@link byProtocolCipher} order. */
    readonly unclassified: readonly UnclassifiedPair[];
}

interface Pair {
    readonly protocol: string;
    readonly cipher: string;
    readonly impact: PairImpact;
    requests: number;
    /** Distinct `c-ip`; only for pairs some policy may refuse. */
    readonly clientIps: Set<string> | undefined;
    /**
     * `cs(User-Agent)` as logged, with a mutable count (one map lookup per line instead of a get and
     * a set); only for pairs some policy may refuse.
     */
    readonly userAgents: Map<string, { count: number }> | undefined;
}

/** Collects the pairs while the CloudFront reader streams; {@link report} derives every policy's numbers. */
export class CipherPairUsage {
    // protocol → cipher → pair: two lookups of short keys, no key string built per line.
    private readonly pairs = new Map<string, Map<string, Pair>>();

    constructor(readonly policyInForce: ViewerPolicyName) {}

    /** Counts one request (every request, whatever its protocol). Runs once per log line. */
    add(protocol: string, cipher: string, clientIp: string, userAgent: string): void {
        let byCipher = this.pairs.get(protocol);
        if (byCipher === undefined) {
            byCipher = new Map();
            this.pairs.set(ownCopy(protocol), byCipher);
        }
        let pair = byCipher.get(cipher);
        if (pair === undefined) {
            pair = this.newPair(ownCopy(protocol), ownCopy(cipher));
            byCipher.set(pair.cipher, pair);
        }
        pair.requests++;
        if (pair.clientIps === undefined || pair.userAgents === undefined) return;
        if (!pair.clientIps.has(clientIp)) pair.clientIps.add(ownCopy(clientIp));
        const agent = pair.userAgents.get(userAgent);
        if (agent !== undefined) agent.count++;
        else pair.userAgents.set(ownCopy(userAgent), { count: 1 });
    }

    /** Requests per protocol (the CloudFront `byProtocol` of the report). */
    byProtocol(): Counter {
        const counter = new Counter();
        for (const [protocol, byCipher] of this.pairs) {
            let n = 0;
            for (const pair of byCipher.values()) n += pair.requests;
            counter.add(protocol, n);
        }
        return counter;
    }

    private newPair(protocol: string, cipher: string): Pair {
        // Classified once per distinct pair; a pair every policy serves needs no IPs or user agents.
        const impact = impactOfPair(protocol, cipher, this.policyInForce);
        const track = someoneMayRefuse(impact);
        return { protocol, cipher, impact, requests: 0, clientIps: track ? new Set() : undefined, userAgents: track ? new Map() : undefined };
    }

    /** The pair counts and every policy's impact, with `top` user agents per ranking. */
    report(top: number): CipherPairReport {
        const pairs = [...this.pairs.values()]
            .flatMap((m) => [...m.values()])
            .sort((a, b) => compareProtocols(a.protocol, b.protocol) || b.requests - a.requests || compareStrings(a.cipher, b.cipher));
        const unclassified: UnclassifiedPair[] = [];
        for (const p of pairs) {
            if (p.impact.kind === "unclassified") unclassified.push({ protocol: p.protocol, cipher: p.cipher, requests: p.requests, reason: p.impact.reason });
        }
        return {
            policyInForce: this.policyInForce,
            policyImpact: Object.fromEntries(VIEWER_POLICY_NAMES.map((name) => [name, impactOf(name, pairs, top)])) as Record<ViewerPolicyName, PolicyImpact>,
            byProtocolCipher: pairs.map((p) => ({ protocol: p.protocol, cipher: p.cipher, requests: p.requests })),
            unclassifiedRequests: unclassified.reduce((n, p) => n + p.requests, 0),
            unclassified,
        };
    }
}

// One policy's numbers: sums over its refused (and maybe-refused) pairs, IPs as a set union so a viewer
// seen with two pairs counts once.
function impactOf(policy: ViewerPolicyName, pairs: readonly Pair[], top: number): PolicyImpact {
    const side = (): { requests: number; ips: Set<string>; agents: Counter } => ({ requests: 0, ips: new Set(), agents: new Counter() });
    const refused = side();
    const mayRefuse = side();
    for (const p of pairs) {
        if (p.impact.kind !== "classified") continue;
        const outcome = p.impact.outcomes[policy];
        const into = outcome === PolicyOutcome.Refused ? refused : outcome === PolicyOutcome.MayRefuse ? mayRefuse : undefined;
        // A pair with a refusing outcome always has its IPs and agents (see newPair).
        if (into === undefined || p.clientIps === undefined || p.userAgents === undefined) continue;
        into.requests += p.requests;
        for (const ip of p.clientIps) into.ips.add(ip);
        for (const [agent, { count }] of p.userAgents) into.agents.add(agent, count);
    }
    return {
        refusedRequests: refused.requests,
        refusedClientIps: refused.ips.size,
        mayRefuseRequests: mayRefuse.requests,
        mayRefuseClientIps: mayRefuse.ips.size,
        // Decoded here, once per distinct value, not once per line.
        topUserAgents: { refused: refused.agents.top(top, decodeLogField), mayRefuse: mayRefuse.agents.top(top, decodeLogField) },
    };
}
