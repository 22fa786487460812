/**
 * A bounded least-recently-used map: a `Map` for lookup plus a doubly linked list for recency, so every
 * operation is O(1). (Evicting through `Map`'s insertion order instead would make each eviction walk
 * over the holes earlier deletions left at the front of the table: measurably slow under churn.)
 */

interface Node<K, V> {
    key: K;
    value: V;
    /** Towards the most recently used end. */
    newer: Node<K, V> | undefined;
    /** Towards the least recently used end. */
    older: Node<K, V> | undefined;
}

/** A map of at most `capacity` entries that forgets the least recently used one first. */
export class LruCache<K, V> {
    private readonly nodes = new Map<K, Node<K, V>>();
    private newest: Node<K, V> | undefined;
    private oldest: Node<K, V> | undefined;

    /** @param capacity Most entries kept; 0 keeps none. */
    constructor(readonly capacity: number) {}

    /** The value for `key`, now the most recently used, or `undefined`. */
    get(key: K): V | undefined {
        const node = this.nodes.get(key);
        if (node === undefined) return undefined;
        // A repeated hit on the newest entry (a player fetching segments) needs no relinking.
        if (node !== this.newest) {
            this.unlink(node);
            this.pushNewest(node);
        }
        return node.value;
    }

    /** Stores `value` as the most recently used entry, dropping the least recently used one when full. */
    set(key: K, value: V): void {
        if (this.capacity <= 0) return;
        const existing = this.nodes.get(key);
        if (existing !== undefined) {
            existing.value = value;
            if (existing !== this.newest) {
                this.unlink(existing);
                this.pushNewest(existing);
            }
            return;
        }
        const node: Node<K, V> = { key, value, newer: undefined, older: undefined };
        this.nodes.set(key, node);
        this.pushNewest(node);
        if (this.nodes.size > this.capacity && this.oldest !== undefined) this.delete(this.oldest.key);
    }

    /** Forgets `key`. */
    delete(key: K): void {
        const node = this.nodes.get(key);
        if (node === undefined) return;
        this.nodes.delete(key);
        this.unlink(node);
    }

    /** Forgets everything. */
    clear(): void {
        this.nodes.clear();
        this.newest = undefined;
        this.oldest = undefined;
    }

    /** Number of entries. */
    get size(): number {
        return this.nodes.size;
    }

    /** Keys from the most to the least recently used (for tests). */
    keys(): K[] {
        const keys: K[] = [];
        for (let node = this.newest; node !== undefined; node = node.older) keys.push(node.key);
        return keys;
    }

    private unlink(node: Node<K, V>): void {
        if (node.newer !== undefined) node.newer.older = node.older;
        else this.newest = node.older;
        if (node.older !== undefined) node.older.newer = node.newer;
        else this.oldest = node.newer;
        node.newer = undefined;
        node.older = undefined;
    }

    private pushNewest(node: Node<K, V>): void {
        node.older = this.newest;
        node.newer = undefined;
        if (this.newest !== undefined) this.newest.newer = node;
        this.newest = node;
        if (this.oldest === undefined) this.oldest = node;
    }
}
