/**
 * The offline engine answers the stack traces Pulumi's runtime records on every promise with a fixed text
 * (they only feed a leak report the engine never prints, and under source maps they cost a third of a
 * plan), and leaves every other stack trace as it was.
 */
import { expect } from "chai";
import { runProgram } from "./mocks";

// Internal to @pulumi/pulumi (not in its declarations): it marks a promise with a stack trace.
const { debuggablePromise } = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: (p: Promise<unknown>, ctx: string) => Promise<unknown> };

describe("the offline engine's stack traces", () => {
    before(async () => {
        await runProgram(() => undefined);
    });

    it("records no stack trace for the runtime's promises", () => {
        const promise = Promise.resolve(1) as Promise<number> & { _debugStackTrace?: string };
        debuggablePromise(promise, "test");
        expect(promise._debugStackTrace).to.equal("(stack trace not recorded by the offline engine)");
    });

    it("formats every other stack trace as before, with this file's own name and line", () => {
        const stack = new Error("here").stack ?? "";
        expect(stack.split("\n")[0]).to.equal("Error: here");
        expect(stack).to.match(/offline-engine\.test\.ts:\d+:\d+/);
    });
});
