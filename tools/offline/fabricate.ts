/**
 * Realistic outputs for resources created under the mock engine: ARNs with account and region, IDs
 * in the shape AWS uses, the bucket's regional domain name, the distribution's domain name, ACM's DNS
 * validation records. Deterministic (hashes of the resource name), so a plan is the same every run.
 */
import { createHash, createPublicKey } from "node:crypto";
import { API_GATEWAY_REGIONAL_ZONE_IDS } from "../../components/failover-settings";

/** The account every offline plan pretends to deploy into (AWS's documentation placeholder). */
export const OFFLINE_ACCOUNT_ID = "123456789012";

/**
 * Route 53 zone ID for alias records to any CloudFront distribution.
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_AliasTarget.html
 */
export const CLOUDFRONT_ALIAS_ZONE_ID = "Z2FDTNDATAQYW2";

/** Where a fabricated resource lives. */
export interface FabricationContext {
    readonly account: string;
    /** Region of the provider that manages the resource. */
    readonly region: string;
    /** Whether the run is a preview: then computed outputs stay unknown, as in `pulumi preview`. */
    readonly preview: boolean;
    /** The stack name, so two stacks of one program get different IDs. */
    readonly stack: string;
}

/** A fabricated resource: its ID and its full state (inputs plus computed outputs). */
export interface Fabricated {
    readonly id: string | undefined;
    readonly state: Record<string, unknown>;
}

function digest(seed: string, length: number, alphabet: string): string {
    const bytes = createHash("sha256").update(seed).digest();
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[bytes[i % bytes.length] % alphabet.length];
    return out;
}

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
const HEX = "0123456789abcdef";

function uuid(seed: string): string {
    const h = digest(seed, 32, HEX);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * RSA moduli (base64url) of two real 2048-bit public keys, generated once for the offline engine. A user
 * pool's fabricated JWKS uses them (Cognito publishes two RS256 keys per pool), so code that parses or
 * imports the keys sees valid ones; only public halves exist, the private halves were never kept.
 */
const OFFLINE_RSA_MODULI = [
    "pgFj2tayi_Sv7eR2fCPKbJEIN889cOqoWAb_zhSnOK5kdRzp9n4WRH3ftmNDLX-Mun1mcr_NvTCA0n89KnYOBF2DEDDZBxX64nEmc_7r6LGLh6Hlm9jXez2cO3qSi3n2AJtbIGVevn5fs7lHQC8dh3oftJpYOS15GCZf8_0retdRdm6XN5jqrzlPaMFDjoJbGhI1JT4Dj7TqpFhu_-0ufLswWfKRo45OsDu-r8UfQ-lnxBY_Jj2cdR2dzHqDorLI4ApAFInaXp-i_xuAADB6uqqrhhZXPdm_e3eWJGX_v_1a7Ivldvh9O37LcCm-HGs0bqPrCh9UFyPhl778N5UaWQ",
    "p7Fc6f1QfNbwcyDsGm_YaGoPriFFXJhD8vxPFPhBopX5oij6ohce5wLjul_CVtpiJg3alodnUYkumc6kPscwiKF1easADHGKtpIgumju76irwFrB778jLbiKaqv9Al5QARdlDK6uHX-PASMLRSvalFRW7BjdnxXbtBmXwkEACChO60LWkGk42VFyTxzZ8Mog7-pFBIym4jv8qS7nv0l0kH6oReidok6gX_1b4XF5lJHIh1JIw7iyw6QbMKRuGqI1Dw094NWbULZemSz0kifI2HCR1risAP78svzBAO5nkLPBiOLbS6ht11ryBszeB4q1Zix_AtXpjB-qfluPKVtTdw",
] as const;

/**
 * The JWKS a Cognito user pool would publish at `/.well-known/jwks.json`: two RS256 signing keys whose
 * `kid`s are derived from the pool ID (so each pool has its own), in Cognito's key shape.
 */
export function fabricateJwks(userPoolId: string): { keys: Array<Record<string, string>> } {
    return {
        keys: OFFLINE_RSA_MODULI.map((n, i) => ({
            alg: "RS256",
            e: "AQAB",
            kid: createHash("sha256").update(`${userPoolId}:${i}`).digest("base64"),
            kty: "RSA",
            n,
            use: "sig",
        })),
    };
}

/** SPKI PEM of the first offline RSA key, as `tls.PrivateKey` reports `publicKeyPem`. */
function offlinePublicKeyPem(): string {
    return createPublicKey({ key: { kty: "RSA", n: OFFLINE_RSA_MODULI[0], e: "AQAB" }, format: "jwk" })
        .export({ type: "spki", format: "pem" })
        .toString();
}

function partitionOf(region: string): { partition: string; suffix: string } {
    return region.startsWith("cn-") ? { partition: "aws-cn", suffix: "amazonaws.com.cn" } : { partition: "aws", suffix: "amazonaws.com" };
}

/** Fabricates the ID and state of one resource from its type, name and inputs. */
export function fabricate(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    ctx: FabricationContext,
    readId?: string,
): Fabricated {
    if (ctx.preview) return { id: readId, state: { ...inputs } };
    const { partition, suffix } = partitionOf(ctx.region);
    const seed = `${ctx.stack}::${type}::${name}`;
    const cloudfrontId = `E${digest(seed, 13, UPPER)}`;
    const etag = digest(`${seed}:etag`, 14, UPPER);
    // An ARN in this resource's account; `region` is "" for global services (IAM, CloudFront, Route 53).
    const arnOf = (service: string, resource: string, region: string = ctx.region): string => `arn:${partition}:${service}:${region}:${ctx.account}:${resource}`;
    // The physical name Pulumi auto-names a resource with when no name is given: the name prefix (or the
    // logical name and a separator) and a random suffix.
    const physicalName = (separator = "-"): string =>
        (inputs.name as string | undefined) ?? `${(inputs.namePrefix as string | undefined) ?? `${name}${separator}`}${digest(seed, 7, LOWER)}`;

    switch (type) {
        case "aws:s3/bucket:Bucket": {
            const bucket = readId ?? (inputs.bucket as string | undefined) ?? `${name}-${digest(seed, 7, LOWER)}`;
            return {
                id: bucket,
                state: {
                    ...inputs,
                    bucket,
                    arn: `arn:${partition}:s3:::${bucket}`,
                    region: ctx.region,
                    bucketDomainName: `${bucket}.s3.${suffix}`,
                    bucketRegionalDomainName: `${bucket}.s3.${ctx.region}.${suffix}`,
                    hostedZoneId: "Z1BKCTXD74EZPE",
                },
            };
        }
        case "aws:kms/key:Key": {
            const keyId = uuid(seed);
            return { id: keyId, state: { ...inputs, keyId, arn: arnOf("kms", `key/${keyId}`) } };
        }
        case "aws:cloudfront/distribution:Distribution":
            return {
                id: cloudfrontId,
                state: {
                    ...inputs,
                    arn: arnOf("cloudfront", `distribution/${cloudfrontId}`, ""),
                    domainName: `d${digest(seed, 13, LOWER)}.cloudfront.${partition === "aws-cn" ? "cn" : "net"}`,
                    hostedZoneId: CLOUDFRONT_ALIAS_ZONE_ID,
                    status: "Deployed",
                    etag,
                },
            };
        case "aws:cloudfront/originAccessControl:OriginAccessControl":
            return { id: cloudfrontId, state: { ...inputs, etag } };
        case "aws:cloudfront/originAccessIdentity:OriginAccessIdentity":
            return {
                id: cloudfrontId,
                state: {
                    ...inputs,
                    iamArn: `arn:${partition}:iam::cloudfront:user/CloudFront Origin Access Identity ${cloudfrontId}`,
                    cloudfrontAccessIdentityPath: `origin-access-identity/cloudfront/${cloudfrontId}`,
                },
            };
        case "aws:cloudfront/cachePolicy:CachePolicy":
        case "aws:cloudfront/originRequestPolicy:OriginRequestPolicy":
        case "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy":
            return { id: uuid(seed), state: { ...inputs, name: physicalName() } };
        case "aws:acm/certificate:Certificate": {
            const id = uuid(seed);
            const names = [inputs.domainName as string, ...((inputs.subjectAlternativeNames as string[] | undefined) ?? [])];
            return {
                id: arnOf("acm", `certificate/${id}`),
                state: {
                    ...inputs,
                    arn: arnOf("acm", `certificate/${id}`),
                    status: "PENDING_VALIDATION",
                    // ACM gives a wildcard and its apex the same record; derive the record from the apex.
                    domainValidationOptions: names.map((domainName) => {
                        const apex = domainName.replace(/^\*\./, "");
                        return {
                            domainName,
                            resourceRecordName: `_${digest(`${apex}:name`, 32, HEX)}.${apex}.`,
                            resourceRecordType: "CNAME",
                            resourceRecordValue: `_${digest(`${apex}:value`, 32, HEX)}.acm-validations.aws.`,
                        };
                    }),
                },
            };
        }
        case "aws:acm/certificateValidation:CertificateValidation":
            return { id: "2026-01-01 00:00:00 +0000 UTC", state: { ...inputs } };
        case "aws:route53/record:Record": {
            const recordName = String(inputs.name ?? name).replace(/\.$/, "");
            return { id: `${inputs.zoneId}_${recordName}_${inputs.type}`, state: { ...inputs, fqdn: recordName } };
        }
        case "aws:kms/keyPolicy:KeyPolicy":
            return { id: String(inputs.keyId), state: { ...inputs } };
        case "aws:cognito/userPool:UserPool": {
            // Pool IDs are REGION_ followed by nine letters and digits.
            const id = `${ctx.region}_${digest(seed, 9, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`;
            return {
                id,
                state: {
                    ...inputs,
                    name: physicalName(),
                    arn: arnOf("cognito-idp", `userpool/${id}`),
                    endpoint: `cognito-idp.${ctx.region}.${suffix}/${id}`,
                    creationDate: "2026-01-01T00:00:00Z",
                },
            };
        }
        case "aws:cognito/userPoolClient:UserPoolClient":
            // App client IDs are 26 lower-case letters and digits; a client without a secret has an empty one.
            return {
                id: digest(seed, 26, LOWER),
                state: { ...inputs, name: inputs.name ?? name, clientSecret: inputs.generateSecret ? digest(`${seed}:secret`, 51, LOWER) : "" },
            };
        case "aws:cognito/userGroup:UserGroup":
            return { id: `${inputs.userPoolId}/${inputs.name}`, state: { ...inputs } };
        case "aws:lambda/function:Function": {
            const functionName = physicalName();
            const arn = arnOf("lambda", `function:${functionName}`);
            // A published function's first version is "1"; an unpublished one only has $LATEST.
            const version = inputs.publish ? "1" : "$LATEST";
            return {
                id: functionName,
                state: {
                    ...inputs,
                    name: functionName,
                    arn,
                    version,
                    qualifiedArn: `${arn}:${version}`,
                    invokeArn: `arn:${partition}:apigateway:${ctx.region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
                    qualifiedInvokeArn: `arn:${partition}:apigateway:${ctx.region}:lambda:path/2015-03-31/functions/${arn}:${version}/invocations`,
                    sourceCodeHash: digest(`${seed}:code`, 44, UPPER),
                    lastModified: "2026-01-01T00:00:00.000+0000",
                },
            };
        }
        case "aws:iam/role:Role": {
            const roleName = physicalName();
            return {
                id: roleName,
                state: { ...inputs, name: roleName, arn: arnOf("iam", `role/${roleName}`, ""), uniqueId: `AROA${digest(seed, 17, UPPER)}` },
            };
        }
        case "aws:iam/rolePolicy:RolePolicy":
            return { id: `${inputs.role}:${inputs.name ?? name}`, state: { ...inputs, name: inputs.name ?? name } };
        case "aws:iam/policy:Policy": {
            const policyName = physicalName();
            const arn = arnOf("iam", `policy${inputs.path ?? "/"}${policyName}`, "");
            return { id: arn, state: { ...inputs, name: policyName, arn, policyId: `ANPA${digest(seed, 17, UPPER)}` } };
        }
        case "aws:secretsmanager/secret:Secret": {
            // Secrets Manager appends a dash and six random characters to the name in the ARN.
            const secretName = physicalName();
            const arn = arnOf("secretsmanager", `secret:${secretName}-${digest(`${seed}:suffix`, 6, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")}`);
            return { id: arn, state: { ...inputs, name: secretName, arn } };
        }
        case "aws:secretsmanager/secretVersion:SecretVersion": {
            const versionId = uuid(seed);
            return { id: `${inputs.secretId}|${versionId}`, state: { ...inputs, arn: inputs.secretId, versionId, versionStages: ["AWSCURRENT"] } };
        }
        case "aws:cloudfront/publicKey:PublicKey":
            // Public key IDs are what signed URLs carry as Key-Pair-Id: K followed by 13 characters.
            return {
                id: `K${digest(seed, 13, UPPER)}`,
                state: { ...inputs, name: physicalName(), etag, callerReference: uuid(`${seed}:ref`) },
            };
        case "aws:cloudfront/keyGroup:KeyGroup":
            return { id: uuid(seed), state: { ...inputs, etag } };
        case "aws:cloudfront/function:Function": {
            const functionName = physicalName();
            return {
                id: functionName,
                state: {
                    ...inputs,
                    name: functionName,
                    arn: arnOf("cloudfront", `function/${functionName}`, ""),
                    etag,
                    liveStageEtag: inputs.publish === false ? "" : digest(`${seed}:live`, 14, UPPER),
                    status: inputs.publish === false ? "UNPUBLISHED" : "DEPLOYED",
                },
            };
        }
        case "tls:index/privateKey:PrivateKey": {
            // A real public key, so code that parses it works; the private half is a marked placeholder
            // (the offline engine never holds a usable private key).
            const publicKeyPem = offlinePublicKeyPem();
            return {
                id: digest(seed, 40, HEX),
                state: {
                    ...inputs,
                    publicKeyPem,
                    privateKeyPem: `-----BEGIN RSA PRIVATE KEY-----\nOFFLINE-PLACEHOLDER-${digest(`${seed}:private`, 32, HEX)}\n-----END RSA PRIVATE KEY-----\n`,
                    publicKeyFingerprintSha256: `SHA256:${digest(`${seed}:fp`, 43, UPPER)}`,
                },
            };
        }
        case "pulumi-nodejs:dynamic/cognito:JwksDocument":
            // CognitoEdgeAuth's dynamic resource that reads a user pool's JWKS: answer as the pool would.
            return { id: String(inputs.jwksUrl), state: { ...inputs, jwks: fabricateJwks(String(inputs.userPoolId)) } };
        case "aws:apigateway/restApi:RestApi": {
            // REST API IDs and resource IDs are 10 and 6 lower-case alphanumerics.
            const apiId = digest(seed, 10, LOWER);
            return {
                id: apiId,
                state: {
                    ...inputs,
                    name: inputs.name ?? name,
                    rootResourceId: digest(`${seed}:root`, 10, LOWER),
                    executionArn: arnOf("execute-api", apiId),
                    arn: `arn:${partition}:apigateway:${ctx.region}::/restapis/${apiId}`,
                },
            };
        }
        case "aws:apigateway/resource:Resource":
            return { id: digest(seed, 6, LOWER), state: { ...inputs } };
        case "aws:apigateway/deployment:Deployment":
            return { id: digest(seed, 6, LOWER), state: { ...inputs, createdDate: "2026-01-01T00:00:00Z" } };
        case "aws:apigateway/stage:Stage": {
            const apiId = String(inputs.restApi);
            return {
                id: `ags-${apiId}-${inputs.stageName}`,
                state: {
                    ...inputs,
                    invokeUrl: `https://${apiId}.execute-api.${ctx.region}.${suffix}/${inputs.stageName}`,
                    executionArn: arnOf("execute-api", `${apiId}/${inputs.stageName}`),
                    arn: `arn:${partition}:apigateway:${ctx.region}::/restapis/${apiId}/stages/${inputs.stageName}`,
                },
            };
        }
        case "aws:apigateway/domainName:DomainName": {
            const domainName = String(inputs.domainName);
            return {
                id: domainName,
                state: {
                    ...inputs,
                    arn: `arn:${partition}:apigateway:${ctx.region}::/domainnames/${domainName}`,
                    regionalDomainName: `d-${digest(seed, 10, LOWER)}.execute-api.${ctx.region}.${suffix}`,
                    // The real per-region zone, so alias records in a plan look exactly like AWS's.
                    regionalZoneId: API_GATEWAY_REGIONAL_ZONE_IDS[ctx.region] ?? `ZOFFLINE${digest(seed, 12, UPPER)}`,
                },
            };
        }
        case "aws:apigateway/basePathMapping:BasePathMapping":
            return { id: `${inputs.domainName}/${inputs.basePath ?? ""}`, state: { ...inputs } };
        case "aws:route53/healthCheck:HealthCheck": {
            const id = uuid(seed);
            return { id, state: { ...inputs, arn: `arn:${partition}:route53:::healthcheck/${id}` } };
        }
        case "aws:cloudwatch/metricAlarm:MetricAlarm": {
            const alarmName = physicalName();
            return { id: alarmName, state: { ...inputs, name: alarmName, arn: arnOf("cloudwatch", `alarm:${alarmName}`) } };
        }
        case "aws:sns/topic:Topic": {
            const topicName = physicalName();
            const arn = arnOf("sns", topicName);
            return { id: arn, state: { ...inputs, name: topicName, arn } };
        }
        case "aws:cloudwatch/dashboard:Dashboard":
            // Dashboards are global: no region in the ARN.
            return { id: inputs.dashboardName as string, state: { ...inputs, dashboardArn: arnOf("cloudwatch", `dashboard/${inputs.dashboardName}`, "") } };
        case "aws:wafv2/webAcl:WebAcl": {
            // A CLOUDFRONT web ACL lives in us-east-1, and its ARN says "global".
            const aclName = physicalName();
            const id = uuid(seed);
            return { id, state: { ...inputs, name: aclName, arn: arnOf("wafv2", `global/webacl/${aclName}/${id}`, "us-east-1") } };
        }
        case "aws:cloudwatch/logGroup:LogGroup": {
            const groupName = physicalName();
            return { id: groupName, state: { ...inputs, name: groupName, arn: arnOf("logs", `log-group:${groupName}`) } };
        }
        case "aws:ssm/parameter:Parameter": {
            // A parameter ARN holds the name without its leading "/".
            const parameterName = physicalName();
            return {
                id: parameterName,
                state: {
                    ...inputs,
                    name: parameterName,
                    arn: arnOf("ssm", `parameter/${parameterName.replace(/^\//, "")}`),
                    version: 1,
                    tier: inputs.tier ?? "Standard",
                },
            };
        }
        case "aws:cloudwatch/queryDefinition:QueryDefinition": {
            const queryDefinitionId = uuid(seed);
            return { id: queryDefinitionId, state: { ...inputs, queryDefinitionId } };
        }
        case "aws:cloudtrail/eventDataStore:EventDataStore": {
            // The ID of an event data store is its ARN; Lake SQL selects FROM the part after "eventdatastore/".
            const arn = arnOf("cloudtrail", `eventdatastore/${uuid(seed)}`);
            return { id: arn, state: { ...inputs, name: physicalName(), arn } };
        }
        case "aws:athena/workgroup:Workgroup": {
            const workgroupName = physicalName();
            return { id: workgroupName, state: { ...inputs, name: workgroupName, arn: arnOf("athena", `workgroup/${workgroupName}`) } };
        }
        // CloudWatch Logs log delivery (CloudFront standard logging v2): sources and destinations are
        // named, deliveries get a generated ID; ARNs as the Logs API returns them.
        // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeliverySource.html
        case "aws:cloudwatch/logDeliverySource:LogDeliverySource": {
            const sourceName = physicalName();
            const resourceArn = String(inputs.resourceArn ?? "");
            return {
                id: sourceName,
                state: { ...inputs, name: sourceName, arn: arnOf("logs", `delivery-source:${sourceName}`), service: resourceArn.split(":")[2] ?? "" },
            };
        }
        case "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": {
            const destinationName = physicalName();
            const target = String((inputs.deliveryDestinationConfiguration as { destinationResourceArn?: string } | undefined)?.destinationResourceArn ?? "");
            const destinationType = target.includes(":s3:") ? "S3" : target.includes(":firehose:") ? "FH" : "CWL";
            return {
                id: destinationName,
                state: { ...inputs, name: destinationName, arn: arnOf("logs", `delivery-destination:${destinationName}`), deliveryDestinationType: destinationType },
            };
        }
        case "aws:cloudwatch/logDelivery:LogDelivery": {
            const deliveryId = digest(seed, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
            return { id: deliveryId, state: { ...inputs, arn: arnOf("logs", `delivery:${deliveryId}`) } };
        }
        case "aws:athena/namedQuery:NamedQuery":
            return { id: uuid(seed), state: { ...inputs } };
        case "aws:glue/catalogDatabase:CatalogDatabase": {
            const databaseName = physicalName("_");
            return {
                id: `${ctx.account}:${databaseName}`,
                state: { ...inputs, name: databaseName, catalogId: ctx.account, arn: arnOf("glue", `database/${databaseName}`) },
            };
        }
        case "aws:glue/catalogTable:CatalogTable": {
            const tableName = physicalName("_");
            return {
                id: `${ctx.account}:${inputs.databaseName}:${tableName}`,
                state: { ...inputs, name: tableName, catalogId: ctx.account, arn: arnOf("glue", `table/${inputs.databaseName}/${tableName}`) },
            };
        }
        default:
            if (type.startsWith("aws:s3/bucket")) return { id: String(inputs.bucket ?? name), state: { ...inputs } };
            if (type.startsWith("pulumi:providers:")) return { id: uuid(seed), state: { ...inputs } };
            return { id: `${name}-${digest(seed, 8, LOWER)}`, state: { ...inputs } };
    }
}
