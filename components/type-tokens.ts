/**
 * The components' Pulumi type tokens. A component package served to other languages (`pulumi package
 * add`, see PulumiPlugin.yaml) is named after package.json's `name`, and Pulumi's component provider
 * constructs only tokens of the form `<package>:index:<Component>` (`ComponentProvider.validateResourceType`
 * in @pulumi/pulumi/provider/experimental/provider.js), so every component registers under one; the
 * schema the analyzer infers names the same tokens. `tests/component-provider.test.ts` checks that this
 * name is package.json's.
 */
import * as pulumi from "@pulumi/pulumi";

/** The package's name: npm's, the Pulumi provider's and the first part of every type token. */
export const PACKAGE_NAME = "legacy-tls-front";

/** The type token of a component, `legacy-tls-front:index:<Component>`. */
export function componentType(component: string): string {
    return `${PACKAGE_NAME}:index:${component}`;
}

/**
 * `opts` with an alias from the token a component had before 0.2.0 (`legacytls:<module>:<Component>`),
 * so stacks created earlier keep their resources: the engine matches the component under its former
 * type, and derives the former URNs of its children from that alias itself (`generateAliases` in
 * pulumi/pulumi pkg/resource/deploy/step_generator.go; the SDK's `allAliases` in
 * @pulumi/pulumi/resource.js does the same where the engine takes no alias specs).
 * @see https://www.pulumi.com/docs/iac/concepts/options/aliases/
 */
export function withFormerType(formerType: string, opts: pulumi.ComponentResourceOptions | undefined): pulumi.ComponentResourceOptions {
    return { ...opts, aliases: [...(opts?.aliases ?? []), { type: formerType }] };
}

/**
 * State a component keeps for its own code, off its properties. Pulumi's component analyzer publishes
 * every property a component class declares as an output of the schema, `private` and `#private` ones
 * included (`Analyzer.analyzeComponent` reads all members of the class; only methods and accessors are
 * skipped), and the component provider returns them from `construct`. So a component keeps what only
 * its own code reads here, keyed by the instance, behind private getters.
 */
export class ComponentState<Owner extends object, State extends object> {
    private readonly states = new WeakMap<Owner, State>();

    /** Stores `state` for `owner` and returns it, for the constructor to fill in. */
    init(owner: Owner, state: State): State {
        this.states.set(owner, state);
        return state;
    }

    /** The state of `owner`. */
    of(owner: Owner): State {
        const state = this.states.get(owner);
        if (!state) throw new Error("component state read before the constructor stored it");
        return state;
    }
}
