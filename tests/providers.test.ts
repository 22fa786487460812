/**
 * Item 1 of the audit: every AWS resource the components create, in every region, runs with the
 * caller's account settings (role, account restrictions, default tags, profile...), whether they come
 * from the stack's `aws:*` config (the default provider), from per-region providers the program passes,
 * or from an explicit provider in the component's resource options.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { REGIONAL_EDGE_CACHE_REGIONS } from "../components/cloudfront-facts";
import { CognitoEdgeAuth } from "../components/cognito-edge-auth";
import { LegacyTlsFront } from "../components/legacy-tls-front";
import { PrivateOriginBucket } from "../components/private-origin-bucket";
import { INHERITED_PROVIDER_SETTINGS, inheritedProviderArgs } from "../components/providers";
import { RegionalApiFailover } from "../components/regional-api-failover";
import { ValidationError } from "../components/validation";
import { OfflineRun, RecordedResource, only, promiseOf, resourcesOf, runProgram, runStack } from "./mocks";

const PROVIDER = "pulumi:providers:aws";
const ACCOUNT = "210987654321";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/legacy-tls-deployer`;
const ASSUME_ROLES = [{ roleArn: ROLE, sessionName: "legacy-tls-front", externalId: "cdn-7f3a" }];
const ALLOWED = [ACCOUNT];
const DEFAULT_TAGS = { tags: { "cost-center": "content-delivery", "managed-by": "pulumi" } };

// The same account settings, as `Pulumi.<stack>.yaml` would hold them (structured values as JSON text).
const ACCOUNT_CONFIG: Record<string, string> = {
    "aws:assumeRoles": JSON.stringify(ASSUME_ROLES),
    "aws:allowedAccountIds": JSON.stringify(ALLOWED),
    "aws:defaultTags": JSON.stringify(DEFAULT_TAGS),
    "aws:profile": "content-prod",
    "aws:skipRequestingAccountId": "false",
};

const DOMAIN = { domainNames: ["legacy.example.com"], hostedZoneId: "Z0123456789ABCDEFGHIJ" };
const API = { domainName: "api.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ", regions: ["eu-west-1", "us-east-1"] };

/** The explicit provider a resource was registered with, or `undefined` for the default provider. */
function providerOf(run: OfflineRun, resource: RecordedResource): RecordedResource | undefined {
    if (!resource.provider) return undefined;
    const urn = resource.provider.split("::").slice(0, -1).join("::");
    const provider = run.resources.find((r) => r.urn === urn);
    expect(provider, `${resource.name}: provider ${urn} was not registered`).to.not.equal(undefined);
    return provider;
}

/** Every AWS resource the run creates (not providers, not reads). */
function awsResources(run: OfflineRun): RecordedResource[] {
    return run.resources.filter((r) => r.custom && !r.readId && r.type.startsWith("aws:"));
}

/** A provider input as the provider's constructor serializes it (structured values are JSON text). */
function json(value: unknown): unknown {
    return typeof value === "string" ? JSON.parse(value) : value;
}

/** Asserts a recorded provider carries the account settings of {@link ACCOUNT_CONFIG}. */
function expectAccountSettings(provider: RecordedResource): void {
    expect(json(provider.inputs.assumeRoles), `${provider.name} assumeRoles`).to.deep.equal(ASSUME_ROLES);
    expect(json(provider.inputs.allowedAccountIds), `${provider.name} allowedAccountIds`).to.deep.equal(ALLOWED);
    expect(json(provider.inputs.defaultTags), `${provider.name} defaultTags`).to.deep.equal(DEFAULT_TAGS);
    expect(provider.inputs.profile, `${provider.name} profile`).to.equal("content-prod");
    expect(json(provider.inputs.skipRequestingAccountId), `${provider.name} skipRequestingAccountId`).to.equal(false);
}

/** Runs a stack with the account settings added to its config. */
function stackWithAccountSettings(stack: string, options: { preview?: boolean } = {}): Promise<OfflineRun> {
    return runStack(
        stack,
        (values) => {
            // runStack writes strings as they are and anything else as JSON text, as Pulumi hands config over.
            for (const [key, text] of Object.entries(ACCOUNT_CONFIG)) values[key] = key === "aws:profile" ? text : JSON.parse(text);
        },
        options,
    );
}

describe("providers: the caller's account settings reach every resource (item 1)", () => {
    for (const stack of ["dev", "prod"]) {
        it(`${stack}: every AWS resource, in every region, runs with the stack's role, account restriction and default tags`, async () => {
            const run = await stackWithAccountSettings(stack);
            const explicit = new Set<RecordedResource>();
            const regions = new Set<string>();
            for (const resource of awsResources(run)) {
                const provider = providerOf(run, resource);
                // The default provider is configured by the stack's aws:* config itself, which holds the settings.
                if (provider === undefined) continue;
                expect(provider.type, resource.name).to.equal(PROVIDER);
                explicit.add(provider);
                regions.add(String(resource.inputs.region ?? provider.inputs.region));
            }
            // Each provider a component created copies every setting and changes only the region.
            for (const provider of resourcesOf(run, PROVIDER)) {
                expectAccountSettings(provider);
                expect(provider.inputs.region, provider.name).to.be.a("string");
            }
            // Dev: the auth's and the monitoring's us-east-1 providers, and the SignInAppClient's (its client ID parameter).
            expect(explicit.size, "explicit providers in use").to.equal(stack === "prod" ? 7 : 3);
            expect([...regions].sort()).to.include("us-east-1");
            // The edge function's log groups land in the regional edge cache regions through the us-east-1 provider.
            for (const region of REGIONAL_EDGE_CACHE_REGIONS) expect([...regions], region).to.include(region);
        });
    }

    it("prod as a preview: the created providers carry the settings before anything is known", async () => {
        const run = await stackWithAccountSettings("prod", { preview: true });
        const providers = resourcesOf(run, PROVIDER);
        expect(providers.map((p) => p.name).sort()).to.deep.equal(["api-eu-central-1", "api-eu-west-1", "api-us-east-1", "auth-us-east-1", "front-us-east-1", "monitoring-us-east-1", "waf-us-east-1"]);
        for (const provider of providers) expectAccountSettings(provider);
    });

    it("keeps secret aws:* values secret in the providers it creates", async () => {
        const run = await runProgram(
            () => {
                // As `pulumi config set --secret aws:assumeRoles ...` would mark it.
                pulumi.runtime.setAllConfig({ ...pulumi.runtime.allConfig() }, ["aws:assumeRoles"]);
                const bucket = new PrivateOriginBucket("content", { protect: false });
                bucket.attachPolicy([new LegacyTlsFront("front", { origin: bucket, mode: "signed", ...DOMAIN })]);
            },
            { config: ACCOUNT_CONFIG },
        );
        const provider = only(run, PROVIDER, "front-us-east-1");
        const wrapped = provider.inputs.assumeRoles as Record<string, unknown>;
        expect(wrapped[pulumi.runtime.specialSigKey], "assumeRoles is marked secret").to.equal(pulumi.runtime.specialSecretSig);
        expect(json(wrapped.value)).to.deep.equal(ASSUME_ROLES);
        // Values that are not secret stay plain.
        expect(json(provider.inputs.allowedAccountIds)).to.deep.equal(ALLOWED);
    });

    it("inheritedProviderArgs: every aws:* setting but the region, typed as aws.Provider takes it", async () => {
        const args = inheritedProviderArgs(
            {
                ...ACCOUNT_CONFIG,
                "aws:region": "eu-central-1",
                "aws:maxRetries": "7",
                "aws:endpoints": JSON.stringify([{ sts: "https://sts.eu-central-1.amazonaws.com" }]),
                "aws:secretKey": "s3cr3t",
                "legacy-tls-front:environment": "prod",
                "aws:notASetting": "ignored",
            },
            (key) => key === "aws:secretKey",
        );
        expect(Object.keys(args).sort()).to.deep.equal(
            ["allowedAccountIds", "assumeRoles", "defaultTags", "endpoints", "maxRetries", "profile", "secretKey", "skipRequestingAccountId"],
        );
        expect(args).to.deep.include({ assumeRoles: ASSUME_ROLES, allowedAccountIds: ALLOWED, defaultTags: DEFAULT_TAGS, profile: "content-prod", maxRetries: 7 });
        expect(args.skipRequestingAccountId).to.equal(false);
        expect(await promiseOf(pulumi.output(args.secretKey))).to.equal("s3cr3t");
        expect(await pulumi.isSecret(pulumi.output(args.secretKey))).to.equal(true);
        // Every provider setting is known to the table, so none is silently dropped.
        expect(Object.keys(INHERITED_PROVIDER_SETTINGS)).to.not.include("region");
        expect(Object.keys(INHERITED_PROVIDER_SETTINGS)).to.include.members(["assumeRoles", "allowedAccountIds", "forbiddenAccountIds", "defaultTags", "endpoints", "profile"]);
    });

    it("uses the per-region providers a program passes, and creates none of its own", async () => {
        let given!: Record<string, aws.Provider>;
        const run = await runProgram(() => {
            given = Object.fromEntries(
                ["eu-west-1", "us-east-1"].map((region) => [region, new aws.Provider(`account-${region}`, { region, assumeRoles: ASSUME_ROLES, allowedAccountIds: ALLOWED })]),
            );
            const bucket = new PrivateOriginBucket("content", { protect: false });
            const auth = new CognitoEdgeAuth("auth", { providers: given });
            bucket.attachPolicy([new LegacyTlsFront("front", { origin: bucket, mode: "signed", ...DOMAIN, viewerAuth: auth, providers: given })]);
            new RegionalApiFailover("api", { ...API, providers: given });
        });
        expect(resourcesOf(run, PROVIDER).map((p) => p.name).sort()).to.deep.equal(["account-eu-west-1", "account-us-east-1"]);
        for (const type of ["aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation", "aws:lambda/function:Function"]) {
            for (const r of resourcesOf(run, type)) {
                const region = r.name.startsWith("api-eu-west-1") ? "eu-west-1" : "us-east-1";
                expect(providerOf(run, r)?.name, r.name).to.equal(`account-${region}`);
                // The given provider is already in the right region: no region argument needed.
                expect(r.inputs.region, r.name).to.equal(undefined);
            }
        }
        // Edge log groups outside the given regions go through the given us-east-1 provider, with a region argument.
        for (const group of resourcesOf(run, "aws:cloudwatch/logGroup:LogGroup").filter((g) => g.name.startsWith("auth-"))) {
            const region = (group.inputs.region as string | undefined) ?? providerOf(run, group)!.inputs.region;
            expect(providerOf(run, group)?.name, group.name).to.equal(given[region as string] ? `account-${region}` : "account-us-east-1");
        }
    });

    it("with an explicit provider in the resource options, children inherit it with a region argument; no provider is created", async () => {
        const run = await runProgram(() => {
            const caller = new aws.Provider("caller", { region: "eu-west-1", assumeRoles: ASSUME_ROLES, allowedAccountIds: ALLOWED, defaultTags: DEFAULT_TAGS });
            const bucket = new PrivateOriginBucket("content", { protect: false }, { provider: caller });
            const auth = new CognitoEdgeAuth("auth", {}, { provider: caller });
            bucket.attachPolicy([new LegacyTlsFront("front", { origin: bucket, mode: "signed", ...DOMAIN, viewerAuth: auth }, { providers: [caller] })]);
            new RegionalApiFailover("api", API, { provider: caller });
        });
        expect(resourcesOf(run, PROVIDER).map((p) => p.name)).to.deep.equal(["caller"]);
        for (const r of awsResources(run)) expect(providerOf(run, r)?.name, r.name).to.equal("caller");
        // CloudFront's us-east-1 resources say so themselves.
        for (const name of ["front-certificate", "front-certificate-validation", "auth-function"]) {
            expect(run.resources.find((r) => r.name === name)!.inputs.region, name).to.equal("us-east-1");
        }
        // The API's regional resources name their region; global ones (IAM, Route 53) need none; the health
        // check alarms live in us-east-1, where Route 53 publishes its metrics.
        for (const r of awsResources(run).filter((r) => r.name.startsWith("api-"))) {
            const named = /^api-([a-z]+-[a-z]+-\d)-/.exec(r.name)?.[1];
            if (r.type.startsWith("aws:iam/") || r.type.startsWith("aws:route53/")) expect(r.inputs.region, r.name).to.equal(undefined);
            else if (r.type === "aws:cloudwatch/metricAlarm:MetricAlarm") expect(r.inputs.region, r.name).to.equal("us-east-1");
            else expect(r.inputs.region, r.name).to.equal(named ?? "us-east-1");
        }
    });

    it("refuses providers that are not AWS providers, not keyed by a region, or that contradict usEast1Provider", () => {
        // Stand-ins: validation runs before anything is registered, and tells providers apart by their Pulumi type.
        const fake = (type: string) => ({ __pulumiType: type }) as unknown as aws.Provider;
        const [edge, other, tlsProvider] = [fake("pulumi:providers:aws"), fake("pulumi:providers:aws"), fake("pulumi:providers:tls")];
        const messageOf = (build: () => unknown): string => {
            try {
                build();
            } catch (e) {
                expect(e).to.be.instanceOf(ValidationError);
                return (e as Error).message;
            }
            throw new Error("no ValidationError");
        };
        const auth = messageOf(() => new CognitoEdgeAuth("auth", { providers: { "us-east-1": tlsProvider, Virginia: edge } }));
        expect(auth).to.include('providers.us-east-1: "pulumi:providers:tls" is not an aws.Provider');
        expect(auth).to.include('providers.Virginia: "Virginia" is not an AWS region name such as us-east-1');
        const front = messageOf(
            () => new LegacyTlsFront("front", { origin: { bucketName: "b", bucketArn: "arn:aws:s3:::b", regionalDomainName: "b.s3.eu-west-1.amazonaws.com" }, mode: "signed", ...DOMAIN, usEast1Provider: edge, providers: { "us-east-1": other } }),
        );
        expect(front).to.include("usEast1Provider: \"(set)\" is not the provider given as providers.us-east-1");
        const api = messageOf(() => new RegionalApiFailover("api", { ...API, providers: { "eu-west-1": tlsProvider } }));
        expect(api).to.include('providers.eu-west-1: "pulumi:providers:tls" is not an aws.Provider');
    });
});
