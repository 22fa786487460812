/** The bounded LRU map behind the verified-token cache. */
import { expect } from "chai";
import { LruCache } from "../edge-functions/cognito-auth/lru";

describe("edge auth LRU cache", () => {
    it("keeps at most capacity entries, dropping the least recently used", () => {
        const lru = new LruCache<string, number>(3);
        for (const k of ["a", "b", "c"]) lru.set(k, k.charCodeAt(0));
        expect(lru.get("a")).to.equal(97); // a is now the newest
        lru.set("d", 100); // drops b
        expect(lru.keys()).to.deep.equal(["d", "a", "c"]);
        expect(lru.get("b")).to.equal(undefined);
        expect(lru.size).to.equal(3);
    });

    it("updates a key in place and makes it the newest", () => {
        const lru = new LruCache<string, number>(2);
        lru.set("a", 1);
        lru.set("b", 2);
        lru.set("a", 3);
        lru.set("c", 4); // drops b, not a
        expect(lru.keys()).to.deep.equal(["c", "a"]);
        expect(lru.get("a")).to.equal(3);
    });

    it("deletes from any position and clears", () => {
        const lru = new LruCache<string, number>(4);
        for (const k of ["a", "b", "c", "d"]) lru.set(k, 0);
        lru.delete("d");
        lru.delete("a");
        lru.delete("x");
        expect(lru.keys()).to.deep.equal(["c", "b"]);
        lru.set("e", 0);
        expect(lru.keys()).to.deep.equal(["e", "c", "b"]);
        lru.clear();
        expect(lru.keys()).to.deep.equal([]);
        expect(lru.get("c")).to.equal(undefined);
        lru.set("f", 1);
        expect(lru.keys()).to.deep.equal(["f"]);
    });

    it("keeps nothing with capacity 0", () => {
        const lru = new LruCache<string, number>(0);
        lru.set("a", 1);
        expect(lru.size).to.equal(0);
        expect(lru.get("a")).to.equal(undefined);
    });

    it("stays consistent under churn", () => {
        const lru = new LruCache<number, number>(50);
        for (let i = 0; i < 10_000; i++) {
            lru.set(i % 173, i);
            if (i % 7 === 0) lru.get((i * 31) % 173);
            if (i % 11 === 0) lru.delete((i * 17) % 173);
        }
        const keys = lru.keys();
        expect(keys.length).to.equal(lru.size).and.to.be.at.most(50);
        expect(new Set(keys).size).to.equal(keys.length);
        for (const k of keys) expect(lru.get(k)).to.not.equal(undefined);
    });
});
