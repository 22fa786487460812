/**
 * Type tokens: every component registers as `legacy-tls-front:index:<Component>` (what Pulumi's component
 * provider constructs, see components/type-tokens.ts) with an alias from the token it had before,
 * `legacytls:<module>:<Component>`, so a stack created earlier keeps its resources: the component by that
 * alias, and each child by the alias the engine derives from its parent's (`generateAliases` in pulumi/pulumi
 * pkg/resource/deploy/step_generator.go; the SDK's public `allAliases` computes the same where the engine
 * takes no alias specs). The mock engine records each registration's aliases as the engine receives them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { CognitoEdgeAuth } from "../components/cognito-edge-auth";
import { EdgeWebAcl } from "../components/edge-web-acl";
import { FrontMonitoring } from "../components/front-monitoring";
import { LegacyTlsFront } from "../components/legacy-tls-front";
import { OriginBucketPolicy } from "../components/origin-bucket-policy";
import { PrivateOriginBucket } from "../components/private-origin-bucket";
import { RegionalApiFailover } from "../components/regional-api-failover";
import { SignInAppClient } from "../components/sign-in-app-client";
import { SignedContentKeys } from "../components/signed-content-keys";
import { TlsAudit } from "../components/tls-audit";
import { PACKAGE_NAME, componentType } from "../components/type-tokens";
import { COMPONENT_SCHEMA_FILE, providerNameOf } from "../tools/schema/component-schema";
import { testKey } from "./edge-auth-tokens";
import { OfflineRun, PROJECT_DIR, RecordedResource, runProgram } from "./mocks";

/** Each component, the token it had before, and how to build one with few arguments. */
const COMPONENTS: { name: string; formerType: string; build: () => pulumi.ComponentResource }[] = [
    { name: "PrivateOriginBucket", formerType: "legacytls:s3:PrivateOriginBucket", build: () => new PrivateOriginBucket("content", { protect: false }) },
    {
        name: "LegacyTlsFront",
        formerType: "legacytls:cloudfront:LegacyTlsFront",
        build: () =>
            new LegacyTlsFront("front", {
                origin: { bucketName: "b", bucketArn: "arn:aws:s3:::b", regionalDomainName: "b.s3.eu-central-1.amazonaws.com" },
                mode: "signed",
                domainNames: ["legacy.example.com"],
                hostedZoneId: "Z0123456789ABCDEFGHIJ",
            }),
    },
    { name: "CognitoEdgeAuth", formerType: "legacytls:edge:CognitoEdgeAuth", build: () => new CognitoEdgeAuth("auth", { jwks: { keys: [testKey("tokens").jwk] } }) },
    { name: "SignedContentKeys", formerType: "legacytls:cloudfront:SignedContentKeys", build: () => new SignedContentKeys("signing", { pathPatterns: ["/premium/*"] }) },
    {
        name: "RegionalApiFailover",
        formerType: "legacytls:api:RegionalApiFailover",
        build: () => new RegionalApiFailover("api", { domainName: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ", regions: ["eu-west-1", "us-east-1"] }),
    },
    { name: "TlsAudit", formerType: "legacytls:audit:TlsAudit", build: () => new TlsAudit("audit", { protect: false, frontLogs: {}, lake: {} }) },
];

/** Components added since the tokens changed: no former type, so no alias. */
const NEW_COMPONENTS: { name: string; build: () => pulumi.ComponentResource }[] = [
    { name: "EdgeWebAcl", build: () => new EdgeWebAcl("waf", { logging: {} }) },
    { name: "FrontMonitoring", build: () => new FrontMonitoring("monitoring", { distributionId: "E2EXAMPLE7Q4XY" }) },
    {
        name: "SignInAppClient",
        build: () => new SignInAppClient("sign-in", { userPoolId: "eu-central-1_AbCdEf123", frontDomainNames: ["d111111abcdef8.cloudfront.net"], clientIdParameterName: "/p/s/auth/sign-in-client-id" }),
    },
    {
        name: "OriginBucketPolicy",
        build: () =>
            new OriginBucketPolicy("content-access", {
                bucketName: "acme-content",
                bucketArn: "arn:aws:s3:::acme-content",
                grants: [{ distributionArn: "arn:aws:cloudfront::123456789012:distribution/EDFDVBD632BHDS5", list: false, write: false }],
            }),
    },
];

/** The URN `resource` had when its component registered as `formerType`: that type in place of the new one. */
function formerUrn(resource: RecordedResource, newType: string, formerType: string): string {
    const [prefix, qualifiedType, name] = [resource.urn.split("::").slice(0, 2).join("::"), resource.urn.split("::")[2], resource.urn.split("::")[3]];
    return `${prefix}::${qualifiedType.split("$").map((t) => (t === newType ? formerType : t)).join("$")}::${name}`;
}

/** The stack, parent of every component built here. */
function self(run: OfflineRun): { parent: string } {
    return { parent: run.resources.find((r) => r.type === "pulumi:pulumi:Stack")!.urn };
}

/** Resolves an output. */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

describe("type tokens: legacy-tls-front:index:<Component>, aliased from legacytls:<module>:<Component>", () => {
    it("names the package as package.json does, and the provider run.js derives from it", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, "package.json"), "utf8")) as { name: string };
        expect(manifest.name).to.equal(PACKAGE_NAME);
        expect(providerNameOf(manifest.name)).to.equal(PACKAGE_NAME);
        const schema = JSON.parse(fs.readFileSync(path.join(PROJECT_DIR, COMPONENT_SCHEMA_FILE), "utf8")) as { name: string; resources: object };
        expect(schema.name).to.equal(PACKAGE_NAME);
        expect(Object.keys(schema.resources).sort()).to.deep.equal([...COMPONENTS, ...NEW_COMPONENTS].map((c) => componentType(c.name)).sort());
    });

    for (const { name, formerType, build } of COMPONENTS) {
        describe(name, () => {
            const type = componentType(name);
            let run: OfflineRun;
            let component: pulumi.ComponentResource;
            before(async () => {
                run = await runProgram(() => {
                    component = build();
                });
            });

            it(`registers as ${type} with one alias, the former type ${formerType}`, () => {
                const registered = run.resources.filter((r) => r.type === type);
                expect(registered).to.have.length(1);
                // The SDK fills in the parent the component has now (the stack): only the type changed.
                expect(registered[0].aliases).to.deep.equal([{ type: formerType, parentUrn: self(run).parent }]);
            });

            it("gives every child its former URN as an alias derived from the component's (the engine's generateAliases)", async () => {
                const self = run.resources.find((r) => r.type === type)!;
                const children = run.resources.filter((r) => r.parent === self.urn);
                expect(children.length, "children").to.be.greaterThan(0);
                for (const child of children) {
                    // The SDK's own derivation, what the engine does with the parent's alias spec.
                    const derived = await Promise.all(pulumi.allAliases([], child.name, child.type, component, self.name).map(valueOf));
                    expect(derived, child.name).to.include(formerUrn(child, type, formerType));
                    expect(child.urn, child.name).to.contain(`::${type}$`);
                }
                // Grandchildren: the engine takes the parent's former URN as its alias and keeps the name.
                const childUrns = new Set(children.map((c) => c.urn));
                for (const grandchild of run.resources.filter((r) => r.parent !== undefined && childUrns.has(r.parent))) {
                    const parent = children.find((c) => c.urn === grandchild.parent)!;
                    const derived = await valueOf(pulumi.createUrn(grandchild.name, grandchild.type, formerUrn(parent, type, formerType)));
                    expect(derived, grandchild.name).to.equal(formerUrn(grandchild, type, formerType));
                }
            });
        });
    }

    for (const { name, build } of NEW_COMPONENTS) {
        it(`registers ${name} as ${componentType(name)}, without aliases, its children under it`, async () => {
            const type = componentType(name);
            const run = await runProgram(() => {
                build();
            });
            const registered = run.resources.filter((r) => r.type === type);
            expect(registered).to.have.length(1);
            expect(registered[0].aliases).to.deep.equal([]);
            const children = run.resources.filter((r) => r.parent === registered[0].urn);
            expect(children.length, "children").to.be.greaterThan(0);
            for (const child of children) expect(child.urn, child.name).to.contain(`::${type}$`);
        });
    }
});
